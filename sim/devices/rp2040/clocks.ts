/**
 * CLOCKS, the clock generators (RP2040 datasheet §2.15, List of Registers). Each generator has
 * CTRL (SRC for the glitchless ref and sys muxes, AUXSRC, ENABLE for the others), DIV (24.8 or 2.0
 * fixed point; an integer part of 0 divides by 2^16, as the register descriptions say) and SELECTED.
 * For clk_ref and clk_sys SELECTED is the one-hot of CTRL.SRC: the glitchless switch completes
 * at once here, so pico-sdk's `clock_configure` polls succeed on their first read. The other
 * generators have no glitchless mux and SELECTED reads 0x1 (§2.15.7). The FC0 frequency counter
 * measures at once (STATUS.DONE | PASS, RESULT = kHz << 5). The frequencies are published to the
 * clock tree (and `frequencies()`), so TIMER and UART run at what the firmware set up (the
 * machine does not yet run the cores at clk_sys: a later step wires that).
 */
import type { MachineDevice } from '../device.js';
import { clockTreeOf, type ClockTree } from './clock-tree.js';
import type { Rp2040DeviceEnv } from './env.js';
import { RegisterFile, type RegisterSpec } from './registers.js';

export interface ClocksConfig {
  base: number;
  /** Frequencies on the GPIN0 / GPIN1 clock inputs (default none: 0 Hz). */
  gpinHz?: [number, number];
}

export interface ClockFrequencies {
  clkRefHz: number;
  clkSysHz: number;
  clkPeriHz: number;
  clkUsbHz: number;
  clkAdcHz: number;
  clkRtcHz: number;
}

export interface ClocksDevice extends MachineDevice {
  frequencies(): ClockFrequencies;
}

const ENABLE = 1 << 11;

/** Generator name, CTRL offset, CTRL writable bits, DIV writable bits (undefined: no DIV). */
const GENERATORS: readonly [string, number, number, number | undefined][] = [
  ['CLK_GPOUT0', 0x00, 0x0013_1de0, 0xffff_ffff],
  ['CLK_GPOUT1', 0x0c, 0x0013_1de0, 0xffff_ffff],
  ['CLK_GPOUT2', 0x18, 0x0013_1de0, 0xffff_ffff],
  ['CLK_GPOUT3', 0x24, 0x0013_1de0, 0xffff_ffff],
  ['CLK_REF', 0x30, 0x63, 0x300],
  ['CLK_SYS', 0x3c, 0xe1, 0xffff_ffff],
  ['CLK_PERI', 0x48, 0xce0, undefined],
  ['CLK_USB', 0x54, 0x0013_0ce0, 0x300],
  ['CLK_ADC', 0x60, 0x0013_0ce0, 0x300],
  ['CLK_RTC', 0x6c, 0x0013_0ce0, 0xffff_ffff],
];

/** FC0_SRC values (§2.15.7, FC0_SRC). */
const FC0_SOURCES: readonly ((t: ClockTree, gpin: readonly number[]) => number)[] = [
  () => 0,
  (t) => t.pllSysHz(),
  (t) => t.pllUsbHz(),
  (t) => t.roscHz(),
  (t) => t.roscHz(),
  (t) => t.xoscHz(),
  (_t, g) => g[0]!,
  (_t, g) => g[1]!,
  (t) => t.clkRefHz(),
  (t) => t.clkSysHz(),
  (t) => t.clkPeriHz(),
  (t) => t.clkUsbHz(),
  (t) => t.clkAdcHz(),
  (t) => t.clkRtcHz(),
];

/** A DIV register's divisor: INT (bits 31:8, or 9:8) + FRAC / 256; INT = 0 means 2^16. */
function divisor(div: number): number {
  const int = div >>> 8;
  return (int === 0 ? 65536 : int) + (div & 0xff) / 256;
}

export function makeClocks(config: ClocksConfig, env: Rp2040DeviceEnv): ClocksDevice {
  const tree = clockTreeOf(env);
  const gpin = config.gpinHz ?? [0, 0];
  const changed = () => tree.changed();
  let fc0Result = 0;
  let fc0Status = 0;

  const specs: RegisterSpec[] = [];
  for (const [name, ctrl, ctrlBits, divBits] of GENERATORS) {
    specs.push({ name: `${name}_CTRL`, offset: ctrl, writable: ctrlBits, written: changed });
    if (divBits !== undefined)
      specs.push({
        name: `${name}_DIV`,
        offset: ctrl + 4,
        reset: 0x100,
        writable: divBits,
        written: changed,
      });
    const glitchless = name === 'CLK_REF' || name === 'CLK_SYS';
    const srcBits = name === 'CLK_REF' ? 3 : 1;
    specs.push({
      name: `${name}_SELECTED`,
      offset: ctrl + 8,
      reset: 1,
      writable: 0,
      get: glitchless ? () => 1 << (regs.value(`${name}_CTRL`) & srcBits) : undefined,
    });
  }
  // CLK_PERI has no DIV (the datasheet's list skips 0x4c), but pico-sdk's clock_configure reads
  // and writes `clk[clk_peri].div` like every slice's: a reserved word that reads 0 and ignores
  // writes, declared so that booting pico-sdk firmware reports no unimplemented register.
  specs.push({ name: 'CLK_PERI_DIV (reserved)', offset: 0x4c, writable: 0, get: () => 0 });
  specs.push(
    { name: 'CLK_SYS_RESUS_CTRL', offset: 0x78, reset: 0xff, writable: 0x111ff },
    { name: 'CLK_SYS_RESUS_STATUS', offset: 0x7c, writable: 0 },
    { name: 'FC0_REF_KHZ', offset: 0x80, writable: 0xfffff },
    { name: 'FC0_MIN_KHZ', offset: 0x84, writable: 0x1ff_ffff },
    { name: 'FC0_MAX_KHZ', offset: 0x88, reset: 0x1ff_ffff, writable: 0x1ff_ffff },
    { name: 'FC0_DELAY', offset: 0x8c, reset: 1, writable: 7 },
    { name: 'FC0_INTERVAL', offset: 0x90, reset: 8, writable: 0xf },
    {
      name: 'FC0_SRC',
      offset: 0x94,
      writable: 0xff,
      written: (src) => {
        const hz = src === 0 ? 0 : (FC0_SOURCES[src]?.(tree, gpin) ?? 0);
        const khz = hz / 1000;
        fc0Result = ((Math.floor(khz) << 5) | Math.floor((khz % 1) * 32)) & 0x3fff_ffff;
        const min = regs.value('FC0_MIN_KHZ');
        const max = regs.value('FC0_MAX_KHZ');
        const pass = khz >= min && khz <= max;
        fc0Status = src === 0 ? 0 : (1 << 4) | (pass ? 1 : 1 << 16) | (khz < min ? 1 << 20 : 0);
        if (khz > max) fc0Status |= 1 << 24;
      },
    },
    { name: 'FC0_STATUS', offset: 0x98, writable: 0, get: () => fc0Status },
    { name: 'FC0_RESULT', offset: 0x9c, writable: 0, get: () => fc0Result },
    { name: 'WAKE_EN0', offset: 0xa0, reset: 0xffff_ffff },
    { name: 'WAKE_EN1', offset: 0xa4, reset: 0x7fff, writable: 0x7fff },
    { name: 'SLEEP_EN0', offset: 0xa8, reset: 0xffff_ffff },
    { name: 'SLEEP_EN1', offset: 0xac, reset: 0x7fff, writable: 0x7fff },
    // ENABLED0/1: which clocks are running; the cores are awake here, so the WAKE_EN set.
    { name: 'ENABLED0', offset: 0xb0, writable: 0, get: () => regs.value('WAKE_EN0') },
    { name: 'ENABLED1', offset: 0xb4, writable: 0, get: () => regs.value('WAKE_EN1') },
    { name: 'INTR', offset: 0xb8, writable: 0 },
    { name: 'INTE', offset: 0xbc, writable: 1 },
    { name: 'INTF', offset: 0xc0, writable: 1 },
    {
      name: 'INTS',
      offset: 0xc4,
      writable: 0,
      get: () => (regs.value('INTR') | regs.value('INTF')) & regs.value('INTE'),
    },
  );
  const regs: RegisterFile = new RegisterFile('CLOCKS', specs, env);

  const ctrl = (name: string) => regs.value(`${name}_CTRL`);
  const div = (name: string) => divisor(regs.value(`${name}_DIV`));
  const aux = (name: string) => (ctrl(name) >>> 5) & 7;
  const enabled = (name: string) => (ctrl(name) & ENABLE) !== 0;
  const pllSys = () => tree.pllSysHz();
  const pllUsb = () => tree.pllUsbHz();
  const oscillatorsAndPins = [
    () => tree.roscHz(),
    () => tree.xoscHz(),
    () => gpin[0],
    () => gpin[1],
  ];
  /** AUXSRC 0..5 of clk_usb, clk_adc and clk_rtc. */
  const usbAux = [pllUsb, pllSys, ...oscillatorsAndPins];
  /** AUXSRC 0..2 of clk_ref. */
  const refAux = [pllUsb, () => gpin[0], () => gpin[1]];
  /** AUXSRC 0..5 of clk_sys. */
  const sysAux = [pllSys, pllUsb, ...oscillatorsAndPins];
  const clkRefHz = () => {
    const src = ctrl('CLK_REF') & 3;
    const auxHz = refAux[aux('CLK_REF') & 3];
    const hz =
      src === 0 ? tree.roscHz() : src === 2 ? tree.xoscHz() : src === 1 ? (auxHz?.() ?? 0) : 0;
    return hz / div('CLK_REF');
  };
  const clkSysHz = () => {
    const hz = (ctrl('CLK_SYS') & 1) === 0 ? clkRefHz() : (sysAux[aux('CLK_SYS')]?.() ?? 0);
    return hz / div('CLK_SYS');
  };
  const clkPeriHz = () => {
    if (!enabled('CLK_PERI')) return 0;
    const periAux = [
      clkSysHz,
      () => tree.pllSysHz(),
      () => tree.pllUsbHz(),
      () => tree.roscHz(),
      () => tree.xoscHz(),
      () => gpin[0],
      () => gpin[1],
    ];
    return periAux[aux('CLK_PERI')]?.() ?? 0;
  };
  const auxClock = (name: string) => () =>
    enabled(name) ? (usbAux[aux(name)]?.() ?? 0) / div(name) : 0;

  tree.clkRefHz = clkRefHz;
  tree.clkSysHz = clkSysHz;
  tree.clkPeriHz = clkPeriHz;
  tree.clkUsbHz = auxClock('CLK_USB');
  tree.clkAdcHz = auxClock('CLK_ADC');
  tree.clkRtcHz = auxClock('CLK_RTC');
  const frequencies = (): ClockFrequencies => ({
    clkRefHz: tree.clkRefHz(),
    clkSysHz: tree.clkSysHz(),
    clkPeriHz: tree.clkPeriHz(),
    clkUsbHz: tree.clkUsbHz(),
    clkAdcHz: tree.clkAdcHz(),
    clkRtcHz: tree.clkRtcHz(),
  });
  return Object.assign(regs, { frequencies });
}

/** Exceptions on the Cortex-M0+: faults, SVCall, PendSV, SysTick, NVIC, PRIMASK, MSP/PSP, sleep. */
import { describe, expect, test } from 'vitest';
import { buildThumb, runThumb, runUntil, RAM_BASE, STACK_TOP, CODE_BASE } from './runner.js';

function faultOf(run: ReturnType<typeof runThumb>) {
  const h = run.cpu.halt;
  if (h?.kind !== 'fault') throw new Error(`expected a fault, got ${JSON.stringify(h)}`);
  return h;
}

describe('guest faults with the halt policy', () => {
  test('unaligned word load stops at the faulting instruction', () => {
    const run = runThumb('movs r0, #1\nldr r1, [r0]', { regs: {} });
    const f = faultOf(run);
    expect(f.fault).toBe('HardFault');
    expect(f.detail).toBe('unaligned word read at 0x00000001');
    expect(f.pc).toBe(CODE_BASE + 2);
    expect(f.instruction).toBe(0x6801);
    expect(f.registers.r0).toBe(1);
    expect(run.cpu.cycles).toBe(1);
  });

  test('unaligned halfword store', () => {
    const f = faultOf(runThumb('strh r1, [r0]', { regs: { 0: RAM_BASE + 1 } }));
    expect(f.detail).toBe('unaligned halfword write at 0x20000001');
  });

  test('a load from unmapped memory is a bus fault', () => {
    const f = faultOf(runThumb('ldr r1, [r0]', { regs: { 0: 0x40000000 } }));
    expect(f.detail).toBe('bus fault: read of 4 byte(s) at 0x40000000');
  });

  test('an undefined instruction', () => {
    const f = faultOf(runThumb('.hword 0xb100')); // CBZ does not exist on ARMv6-M
    expect(f.detail).toBe('undefined instruction');
    expect(f.instruction).toBe(0xb100);
  });

  test('BX to an address with bit 0 clear faults at the target (INVSTATE)', () => {
    const f = faultOf(runThumb('adr r0, t\nbx r0\nt:\nnop'));
    expect(f.detail).toMatch(/EPSR.T = 0/);
    expect(f.pc).toBe(CODE_BASE + 4);
  });

  test('BKPT other than 0xAB faults', () => {
    expect(faultOf(runThumb('bkpt #1')).detail).toBe('BKPT #1 with no debugger attached');
  });
});

describe('exception entry and return', () => {
  test('HardFault handler runs with a stacked frame and EXC_RETURN in LR', () => {
    const run = runThumb(
      `movs r0, #1
       movs r3, #33
       ldr r1, [r0]
       b end
     HardFault:
       mrs r4, ipsr
       mov r5, lr
       mov r6, sp
       b end
     end:
       nop`,
      { hardFault: 'vector' },
    );
    const c = run.cpu;
    expect(c.halt).toBeUndefined();
    expect([c.r[4], c.r[5], c.r[6]]).toEqual([3, 0xfffffff9, STACK_TOP - 32]);
    // Stacked frame: r0, r1, r2, r3, r12, lr, return address (the faulting LDR), xPSR.
    const frame = Array.from({ length: 8 }, (_, i) => run.bus.read32(STACK_TOP - 32 + 4 * i));
    expect(frame[0]).toBe(1);
    expect(frame[3]).toBe(33);
    expect(frame[6]).toBe(CODE_BASE + 4);
    expect(frame[7]).toBe(0x01000000);
    // movs, movs, (faulting ldr: not charged), entry 15, mrs 3, mov 1, mov 1, b 2
    expect(c.cycles).toBe(1 + 1 + 15 + 3 + 1 + 1 + 2);
  });

  test('SVC: handler runs, returns with BX LR to the next instruction, registers restored', () => {
    const run = runThumb(
      `movs r0, #7
       svc #3
       movs r2, #9
       b end
     SVCall:
       movs r0, #100
       mrs r1, ipsr
       bx lr
     end:
       nop`,
      { hardFault: 'vector' },
    );
    const c = run.cpu;
    expect(c.halt).toBeUndefined();
    // r0 is restored from the frame on return; r1 (not stacked... it is: r0-r3 are restored).
    expect([c.r[0], c.r[1], c.r[2], c.r[13]]).toEqual([7, 0, 9, STACK_TOP]);
    expect(c.ipsr).toBe(0);
    // movs 1, svc 1, entry 15, movs 1, mrs 3, bx 2 + return 8, movs 1, b 2
    expect(c.cycles).toBe(1 + 1 + 15 + 1 + 3 + 2 + 8 + 1 + 2);
  });

  test('SVC with PRIMASK set escalates to HardFault', () => {
    const run = runThumb('cpsid i\nsvc #0');
    expect(faultOf(run).detail).toMatch(/SVCall cannot preempt/);
  });

  test('a fault inside the HardFault handler locks up', () => {
    const run = runThumb('.hword 0xde00\nHardFault:\n.hword 0xde01', { hardFault: 'vector' });
    expect(faultOf(run).fault).toBe('lockup');
  });

  test('PendSV set through ICSR is taken after the store; PRIMASK defers it', () => {
    const run = runThumb(
      `cpsid i
       ldr r7, icsr
       ldr r6, pendsvset
       str r6, [r7]
       movs r0, #1
       cpsie i
       movs r2, #2
       b end
     PendSV:
       mov r4, r0
       bx lr
       .align
     .align
     icsr: .word 0xe000ed04
     pendsvset: .word 0x10000000
     end:
       nop`,
      { hardFault: 'vector' },
    );
    expect(run.cpu.halt).toBeUndefined();
    // r4 is not stacked, so it keeps what the handler saw: r0 = 1, i.e. taken after CPSIE.
    expect([run.cpu.r[4], run.cpu.r[2]]).toEqual([1, 2]);
  });

  test('NVIC: an enabled IRQ set pending through ISPR runs its handler', () => {
    const run = runThumb(
      `ldr r7, nvic
       movs r0, #1
       lsls r0, r0, #5
       str r0, [r7]          @ ISER: enable IRQ5
       adds r7, #0x80
       adds r7, #0x80
       str r0, [r7]          @ ISPR: pend IRQ5
       movs r3, #3
       b end
     IRQ5:
       movs r4, #4
       bx lr
       .align
     nvic: .word 0xe000e100
     end:
       nop`,
      { hardFault: 'vector' },
    );
    expect(run.cpu.halt).toBeUndefined();
    expect([run.cpu.r[3], run.cpu.r[4]]).toEqual([3, 4]);
  });

  test('thread mode on PSP: the frame goes to PSP and EXC_RETURN is 0xFFFFFFFD', () => {
    const run = runThumb(
      `ldr r0, psp_top
       msr psp, r0
       movs r0, #2
       msr control, r0
       isb
       svc #0
     after_svc:
       mrs r5, control
       mov r7, sp
       b end
     SVCall:
       mov r4, lr
       mrs r6, msp
       bx lr
     .align
     psp_top: .word 0x20008000
     end:
       nop`,
      { hardFault: 'vector' },
    );
    const c = run.cpu;
    expect(c.halt).toBeUndefined();
    expect([c.r[4], c.r[6], c.r[5], c.r[7]]).toEqual([0xfffffffd, STACK_TOP, 2, 0x20008000]);
    expect(run.bus.read32(0x20008000 - 32 + 24)).toBe(run.labels.get('after_svc'));
  });
});

describe('SysTick and sleep', () => {
  test('SysTick interrupts every RVR+1 cycles and wakes WFI', () => {
    const src = `
       ldr r7, systick
       movs r0, #99
       str r0, [r7, #4]      @ RVR = 99: period 100 cycles
       str r0, [r7, #8]      @ CVR = 0
       movs r0, #7
       str r0, [r7]          @ CSR: enable, TICKINT, processor clock
     wait:
       wfi
       cmp r6, #3
       bne wait
       b end
     SysTick:
       adds r6, #1
       mrs r5, ipsr
       bx lr
       .align
     systick: .word 0xe000e010
     end:
       nop`;
    const run = buildThumb(src, { hardFault: 'vector' });
    runUntil(run, run.labels.get('end')!, 1000);
    const c = run.cpu;
    expect(c.halt).toBeUndefined();
    expect([c.r[6], c.r[5]]).toEqual([3, 15]);
    // The CSR store takes effect when its instruction starts: after ldr 2, movs 1, str 2, str 2,
    // movs 1 = cycle 8. The third wrap is at 8 + 100 * 3; then entry 15, adds 1, mrs 3, bx 2 +
    // return 8, cmp 1, bne 1, b 2.
    expect(c.cycles).toBe(8 + 300 + 15 + 1 + 3 + 10 + 1 + 1 + 2);
  });

  test('COUNTFLAG is set by a wrap and cleared by reading CSR; CVR counts down', () => {
    const run = runThumb(`
       ldr r7, systick
       movs r0, #9
       str r0, [r7, #4]
       str r0, [r7, #8]
       movs r0, #5
       str r0, [r7]          @ enable without interrupt
       ldr r1, [r7, #8]      @ CVR, 2 cycles after enable
       nop
       nop
       nop
       nop
       nop
       nop
       nop
       nop
       ldr r2, [r7]          @ CSR after a wrap
       ldr r3, [r7]          @ read again: COUNTFLAG cleared
       b end
     .align
     systick: .word 0xe000e010
     end:
       nop`);
    expect(run.cpu.halt).toBeUndefined();
    expect(run.cpu.r[1]).toBe(8);
    expect([run.cpu.r[2], run.cpu.r[3]]).toEqual([0x10005, 0x5]);
  });

  test('WFI with nothing to wake the core sleeps until the cycle limit', () => {
    const run = buildThumb('wfi\nb end');
    run.cpu.run(1000); // returns when the core goes to sleep
    expect([run.cpu.sleeping, run.cpu.cycles]).toEqual([true, 2]);
    run.cpu.run(1000);
    expect(run.cpu.sleeping).toBe(true);
    expect(run.cpu.cycles).toBe(1000);
  });

  test('DWT CYCCNT counts core cycles once enabled', () => {
    const run = runThumb(`
       ldr r7, dwt
       movs r0, #1
       str r0, [r7]
       nop
       ldr r1, [r7, #4]
       b end
       .align
     dwt: .word 0xe0001000
     end:
       nop`);
    // Counting starts when the enabling store starts: str 2 + nop 1, read at the start of the ldr.
    expect(run.cpu.r[1]).toBe(3);
  });

  test('SCB CPUID and CCR read as a Cortex-M0+', () => {
    const run = runThumb(`
       ldr r7, scb
       ldr r0, [r7]
       ldr r1, [r7, #0x14]
       b end
     .align
     scb: .word 0xe000ed00
     end:
       nop`);
    expect([run.cpu.r[0], run.cpu.r[1]]).toEqual([0x410cc601, 0x208]);
  });
});

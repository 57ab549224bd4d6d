/** The firmware image layout: placement per board, vector tables, the boot descriptor's lock. */
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../compiler/compile.js';
import { ZOO } from '../../compiler/zoo/registry.js';
import { builtinBoard } from '../../platforms/boards/registry.js';
import type { Board } from '../../platforms/boards/schema.js';
import { writeBlob } from '../../runtime-gen/blob/blob.js';
import { buildImage, queueLock, STACK_BYTES } from '../../runtime-gen/image.js';

const g = ZOO.lenet5!.build();

function imageFor(board: Board) {
  const compiled = compileModel(g, board, { scheduler: 'heft' });
  return buildImage(compiled, writeBlob(g, compiled, { rounding: 'double', dynamicQueue: false }), {
    dynamicQueue: false,
  });
}

const memoryOf = (board: Board, addr: number) =>
  board.memories.find((m) => m.aliasOf === undefined && addr >= m.base && addr < m.base + m.size)!;
const word = (bytes: Uint8Array, k: number) =>
  new DataView(bytes.buffer, bytes.byteOffset).getUint32(4 * k, true);

describe('firmware image', () => {
  it.each(['rp2040', 'rp2350-arm', 'rp2350-riscv', 'nrf5340', 'stm32h755', 'esp32c6'])(
    'places every segment and stack in memory of %s without overlap',
    (name) => {
      const board = builtinBoard(name);
      const image = imageFor(board);
      const spans = [
        ...image.segments.map((s) => [s.addr, s.addr + s.bytes.length] as const),
        [image.layout.arena, image.layout.arena + image.layout.arenaBytes] as const,
        ...image.layout.stacks.map((top) => [top - STACK_BYTES, top] as const),
      ].sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < spans.length; i++)
        expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]);
      for (const [a, b] of spans) {
        const m = memoryOf(board, a);
        expect(m, `0x${a.toString(16)}`).toBeDefined();
        expect(b).toBeLessThanOrEqual(m.base + m.size);
      }
      // Each core's stack and code are in memory that core reaches.
      board.cores.forEach((c, i) => {
        for (const addr of [
          image.layout.stacks[i]! - 4,
          image.layout.code[image.layout.codeOfCore[i]!]!.base,
        ]) {
          const m = memoryOf(board, addr);
          expect(m.privateTo === undefined || m.privateTo.includes(c.id)).toBe(true);
        }
      });
    },
  );

  it('puts the RP2040 stacks in SRAM4/SRAM5 and code, vectors and blob in XIP flash', () => {
    const board = builtinBoard('rp2040');
    const image = imageFor(board);
    expect(image.layout.stacks.map((a) => memoryOf(board, a - 4).name).sort()).toEqual([
      'SRAM4',
      'SRAM5',
    ]);
    expect(memoryOf(board, image.layout.blob).name).toBe('XIP');
    expect(image.start).toEqual({ kind: 'fifo-launch', boot: expect.any(Number) });
    for (const [core, s] of image.segments.filter((x) => x.name.startsWith('vectors')).entries()) {
      expect(memoryOf(board, s.addr).name).toBe('XIP');
      expect(s.addr % 128).toBe(0);
      expect(word(s.bytes, 0)).toBe(image.layout.stacks[core]);
      expect(word(s.bytes, 1) & 1).toBe(1); // Thumb entry
      expect(word(s.bytes, 8)).toBe(core);
      expect(word(s.bytes, 9)).toBe(image.layout.descriptor);
    }
  });

  it("takes the shared queue with each board's lock", () => {
    expect(queueLock(builtinBoard('rp2040'))).toEqual({ kind: 1, addr: 0xd000_017c, owners: [] });
    expect(queueLock(builtinBoard('generic', ['cores=4']))).toEqual({
      kind: 1,
      addr: 0x4000_027c,
      owners: [],
    });
    expect(queueLock(builtinBoard('stm32h755'))).toEqual({
      kind: 2,
      addr: 0x5802_64fc,
      owners: [3, 1],
    });
    expect(queueLock(builtinBoard('nrf5340')).kind).toBe(0);
  });

  it('starts nRF5340 cores from their own flash copies of the executor', () => {
    const board = builtinBoard('nrf5340');
    const image = imageFor(board);
    expect(image.layout.code.map((k) => memoryOf(board, k.base).name).sort()).toEqual([
      'APP_FLASH',
      'NET_FLASH',
    ]);
    expect(memoryOf(board, image.layout.blob).name).toBe('APP_RAM');
    expect(image.start.kind).toBe('each-core');
  });
});

/**
 * A compact, bounds-checked reader of flatbuffer tables over the `flatbuffers` npm runtime. Fields are
 * addressed by their slot (declaration order in the .fbs schema, unions taking two slots: type + value),
 * so the importer needs no generated code.
 */
import { ByteBuffer } from 'flatbuffers';

/** Thrown when an offset points outside the file; the importer turns it into a diagnostic. */
export class FlatbufferBoundsError extends Error {
  constructor(what: string) {
    super(`flatbuffer offset out of range while reading ${what}`);
    this.name = 'FlatbufferBoundsError';
  }
}

export class FbTable {
  constructor(
    readonly bb: ByteBuffer,
    /** Absolute position of the table in the buffer. */
    readonly pos: number,
  ) {}

  static root(bytes: Uint8Array): FbTable {
    const bb = new ByteBuffer(bytes);
    check(bb, 0, 4, 'root offset');
    const pos = bb.readUint32(0);
    check(bb, pos, 4, 'root table');
    return new FbTable(bb, pos);
  }

  /** Absolute offset of a field's value, or 0 when the field is absent. */
  fieldOffset(slot: number): number {
    const bb = this.bb;
    const vtable = this.pos - bb.readInt32(this.pos);
    check(bb, vtable, 4, 'vtable');
    const vtableSize = bb.readUint16(vtable);
    const vo = 4 + 2 * slot;
    if (vo >= vtableSize) return 0;
    check(bb, vtable + vo, 2, 'vtable entry');
    const rel = bb.readUint16(vtable + vo);
    return rel === 0 ? 0 : this.pos + rel;
  }

  has(slot: number): boolean {
    return this.fieldOffset(slot) !== 0;
  }

  u8(slot: number, dflt = 0): number {
    const o = this.fieldOffset(slot);
    if (o === 0) return dflt;
    check(this.bb, o, 1, 'ubyte field');
    return this.bb.readUint8(o);
  }

  i8(slot: number, dflt = 0): number {
    const o = this.fieldOffset(slot);
    if (o === 0) return dflt;
    check(this.bb, o, 1, 'byte field');
    return this.bb.readInt8(o);
  }

  bool(slot: number, dflt = false): boolean {
    return this.u8(slot, dflt ? 1 : 0) !== 0;
  }

  i32(slot: number, dflt = 0): number {
    const o = this.fieldOffset(slot);
    if (o === 0) return dflt;
    check(this.bb, o, 4, 'int field');
    return this.bb.readInt32(o);
  }

  u32(slot: number, dflt = 0): number {
    const o = this.fieldOffset(slot);
    if (o === 0) return dflt;
    check(this.bb, o, 4, 'uint field');
    return this.bb.readUint32(o);
  }

  f32(slot: number, dflt = 0): number {
    const o = this.fieldOffset(slot);
    if (o === 0) return dflt;
    check(this.bb, o, 4, 'float field');
    return this.bb.readFloat32(o);
  }

  /** 64-bit integers arrive as bigint from the flatbuffers runtime. */
  u64(slot: number, dflt = 0n): bigint {
    const o = this.fieldOffset(slot);
    if (o === 0) return dflt;
    check(this.bb, o, 8, 'ulong field');
    return this.bb.readUint64(o);
  }

  str(slot: number): string | undefined {
    const o = this.fieldOffset(slot);
    if (o === 0) return undefined;
    const bytes = this.vectorAt(o, 1, 'string');
    return new TextDecoder().decode(bytes);
  }

  table(slot: number): FbTable | undefined {
    const o = this.fieldOffset(slot);
    if (o === 0) return undefined;
    check(this.bb, o, 4, 'table offset');
    const pos = o + this.bb.readUint32(o);
    check(this.bb, pos, 4, 'table');
    return new FbTable(this.bb, pos);
  }

  /** The raw bytes of a vector of `elemSize`-byte scalars (a view into the file, not a copy). */
  vectorBytes(slot: number, elemSize: number): Uint8Array | undefined {
    const o = this.fieldOffset(slot);
    return o === 0 ? undefined : this.vectorAt(o, elemSize, 'vector');
  }

  i32s(slot: number): number[] | undefined {
    const b = this.vectorBytes(slot, 4);
    if (b === undefined) return undefined;
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    return Array.from({ length: b.byteLength / 4 }, (_, i) => dv.getInt32(4 * i, true));
  }

  f32s(slot: number): number[] | undefined {
    const b = this.vectorBytes(slot, 4);
    if (b === undefined) return undefined;
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    return Array.from({ length: b.byteLength / 4 }, (_, i) => dv.getFloat32(4 * i, true));
  }

  i64s(slot: number): bigint[] | undefined {
    const b = this.vectorBytes(slot, 8);
    if (b === undefined) return undefined;
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    return Array.from({ length: b.byteLength / 8 }, (_, i) => dv.getBigInt64(8 * i, true));
  }

  tables(slot: number): FbTable[] {
    const o = this.fieldOffset(slot);
    if (o === 0) return [];
    const bytes = this.vectorAt(o, 4, 'table vector');
    const start = bytes.byteOffset - this.bbOffset();
    const out: FbTable[] = [];
    for (let i = 0; i < bytes.byteLength / 4; i++) {
      const at = start + 4 * i;
      const pos = at + this.bb.readUint32(at);
      check(this.bb, pos, 4, 'table in vector');
      out.push(new FbTable(this.bb, pos));
    }
    return out;
  }

  private bbOffset(): number {
    return this.bb.bytes().byteOffset;
  }

  private vectorAt(fieldOffset: number, elemSize: number, what: string): Uint8Array {
    const bb = this.bb;
    check(bb, fieldOffset, 4, what);
    const vec = fieldOffset + bb.readUint32(fieldOffset);
    check(bb, vec, 4, what + ' length');
    const len = bb.readUint32(vec);
    check(bb, vec + 4, len * elemSize, what + ' contents');
    const all = bb.bytes();
    return all.subarray(vec + 4, vec + 4 + len * elemSize);
  }
}

function check(bb: ByteBuffer, pos: number, size: number, what: string): void {
  if (pos < 0 || size < 0 || pos + size > bb.capacity()) throw new FlatbufferBoundsError(what);
}

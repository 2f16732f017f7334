import { ReplayError } from '../errors.js';
import { decodeUtf16le, decodeWindows1252 } from './text.js';

/** Network text longer than this many bytes is refused (boxcars' limit). */
export const MAX_NETWORK_TEXT_BYTES = 1024;

/** Number of bits needed to represent `n` (0 for 0). */
export function bitWidth(n: number): number {
  return 32 - Math.clz32(n);
}

/** Integer 3-vector exactly as on the wire (scaling belongs to the semantic layer, see units.ts). */
export interface Vector3i {
  x: number;
  y: number;
  z: number;
}

/** Compressed rotator bytes (signed i8, angle = value × 360/256 degrees), null when absent. */
export interface Rotation {
  pitch: number | null;
  yaw: number | null;
  roll: number | null;
}

const f32Bits = new Uint32Array(1);
const f32View = new Float32Array(f32Bits.buffer);
const INV_SQRT2 = 1 / Math.SQRT2;

/** Unit quaternion. For net version < 7 the wire holds three compressed values in x, y, z with w = 0. */
export interface Quaternion {
  readonly x: number;
  readonly y: number;
  readonly z: number;
  readonly w: number;
}

const unpack18 = (v: number) => (v / 262143 - 0.5) * 2 * INV_SQRT2;

/**
 * A quaternion kept as its wire integers (largest-component index and three 18-bit values) and
 * expanded on access: RigidBody is half of all updates, and four boxed doubles per update would
 * dominate garbage collection when frames are retained.
 */
class WireQuaternion implements Quaternion {
  constructor(
    private readonly largest: number,
    private readonly a: number,
    private readonly b: number,
    private readonly c: number,
  ) {}
  private omitted(): number {
    const a = unpack18(this.a);
    const b = unpack18(this.b);
    const c = unpack18(this.c);
    return Math.sqrt(Math.max(0, 1 - a * a - b * b - c * c));
  }
  get x(): number {
    return this.largest === 0 ? this.omitted() : unpack18(this.a);
  }
  get y(): number {
    return this.largest === 1 ? this.omitted() : unpack18(this.largest === 0 ? this.a : this.b);
  }
  get z(): number {
    return this.largest === 2 ? this.omitted() : unpack18(this.largest === 3 ? this.c : this.b);
  }
  get w(): number {
    return this.largest === 3 ? this.omitted() : unpack18(this.c);
  }
  toJSON(): { x: number; y: number; z: number; w: number } {
    return { x: this.x, y: this.y, z: this.z, w: this.w };
  }
}

/** Pre-quaternion rotation: three 16-bit values, expanded on access (w = 0). */
class CompressedQuaternion implements Quaternion {
  constructor(
    private readonly rx: number,
    private readonly ry: number,
    private readonly rz: number,
  ) {}
  get x(): number {
    return (this.rx - 32768) / 32767;
  }
  get y(): number {
    return (this.ry - 32768) / 32767;
  }
  get z(): number {
    return (this.rz - 32768) / 32767;
  }
  get w(): number {
    return 0;
  }
  toJSON(): { x: number; y: number; z: number; w: number } {
    return { x: this.x, y: this.y, z: this.z, w: 0 };
  }
}

/**
 * LSB-first bit reader over the network stream (replay-format.md §5). The data is copied into a
 * buffer padded with 8 zero bytes so multi-byte peeks never run past the array; the logical end
 * is checked once per primitive.
 */
export class BitReader {
  readonly buf: Uint8Array;
  /** Current position in bits. */
  pos = 0;
  /** Logical length in bits. */
  readonly end: number;

  constructor(data: Uint8Array) {
    this.buf = new Uint8Array(data.length + 8);
    this.buf.set(data);
    this.end = data.length * 8;
  }

  get bitsLeft(): number {
    return this.end - this.pos;
  }

  eof(what: string, n: number): ReplayError {
    return new ReplayError(
      'TRUNCATED',
      `network stream ends: need ${n} bits for ${what} at bit ${this.pos}, ${this.end - this.pos} left`,
      {
        offset: this.pos,
        offsetUnit: 'bit',
        section: 'network',
      },
    );
  }

  bit(): number {
    const p = this.pos;
    if (p >= this.end) throw this.eof('bit', 1);
    this.pos = p + 1;
    return (this.buf[p >>> 3]! >>> (p & 7)) & 1;
  }

  /** Unsigned value of n bits (1..32), LSB first. */
  bits(n: number): number {
    const p = this.pos;
    if (p + n > this.end) throw this.eof(`${n}-bit value`, n);
    this.pos = p + n;
    const b = this.buf;
    const i = p >>> 3;
    const s = p & 7;
    let v = (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> s;
    if (s + n > 32) v |= b[i + 4]! << (32 - s);
    return n === 32 ? v >>> 0 : v & ((1 << n) - 1);
  }

  u8(): number {
    return this.bits(8);
  }

  u32(): number {
    return this.bits(32);
  }

  i32(): number {
    return this.bits(32) | 0;
  }

  f32(): number {
    f32Bits[0] = this.bits(32);
    return f32View[0]!;
  }

  /** u64 as a decimal string. */
  u64(): string {
    const lo = this.bits(32);
    const hi = this.bits(32);
    return hi === 0 ? String(lo) : ((BigInt(hi) << 32n) | BigInt(lo)).toString();
  }

  /** i64 as a decimal string. */
  i64(): string {
    const lo = this.bits(32);
    const hi = this.bits(32);
    return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo)).toString();
  }

  /** At least 25 valid bits starting at bit `p` (the buffer is padded, so this never reads past it). */
  private window(p: number): number {
    const b = this.buf;
    const i = p >>> 3;
    return (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> (p & 7);
  }

  /**
   * Unreal SerializeInt: value in [0, max), where `width` = bitWidth(max) - 1 bits are always read
   * and one more bit only when it could still keep the value below max (§5.2).
   */
  serializeInt(width: number, max: number): number {
    const p = this.pos;
    if (width <= 23 && p + width + 1 <= this.end) {
      // Hot path (actor ids, stream ids, vector sizes): one window read.
      const v = this.window(p);
      const data = v & ((1 << width) - 1);
      const up = data + (1 << width);
      if (up >= max) {
        this.pos = p + width;
        return data;
      }
      this.pos = p + width + 1;
      return (v >>> width) & 1 ? up : data;
    }
    const data = width === 0 ? 0 : this.bits(width);
    const up = data + 2 ** width;
    if (up >= max) return data;
    return this.bit() === 1 ? up : data;
  }

  /** Vector3i (§5.3): a size field then three biased integers of size + 2 bits. */
  vector(netVersion: number): Vector3i {
    const size = this.serializeInt(4, netVersion >= 7 ? 22 : 20);
    const bias = 1 << (size + 1);
    const width = size + 2; // <= 23
    const p = this.pos;
    if (p + 3 * width > this.end) throw this.eof('vector', 3 * width);
    const mask = (1 << width) - 1;
    const x = (this.window(p) & mask) - bias;
    const y = (this.window(p + width) & mask) - bias;
    const z = (this.window(p + 2 * width) & mask) - bias;
    this.pos = p + 3 * width;
    return { x, y, z };
  }

  /** Rotation (§5.4): up to three optional bytes, pitch, yaw, roll. */
  rotation(): Rotation {
    const pitch = this.bit() === 1 ? (this.bits(8) << 24) >> 24 : null;
    const yaw = this.bit() === 1 ? (this.bits(8) << 24) >> 24 : null;
    const roll = this.bit() === 1 ? (this.bits(8) << 24) >> 24 : null;
    return { pitch, yaw, roll };
  }

  /** Quaternion with the largest component omitted (§5.5, net version >= 7). */
  quaternion(): Quaternion {
    const largest = this.bits(2);
    const a = this.bits(18);
    const b = this.bits(18);
    return new WireQuaternion(largest, a, b, this.bits(18));
  }

  /** Pre-quaternion rotation (net version < 7): three 16-bit compressed values, w = 0. */
  compressedRotation(): Quaternion {
    const x = this.bits(16);
    const y = this.bits(16);
    return new CompressedQuaternion(x, y, this.bits(16));
  }

  /** n whole bytes (n is validated by the caller). */
  bytes(n: number): Uint8Array {
    if (this.pos + n * 8 > this.end) throw this.eof(`${n} bytes`, n * 8);
    const out = new Uint8Array(n);
    if ((this.pos & 7) === 0) {
      const start = this.pos >>> 3;
      out.set(this.buf.subarray(start, start + n));
      this.pos += n * 8;
    } else {
      for (let i = 0; i < n; i++) out[i] = this.bits(8);
    }
    return out;
  }

  /** Bit-level text (§5.1): i32 length, 1252 or UTF-16, at most 1024 bytes. */
  text(): string {
    const at = this.pos;
    const n = this.i32();
    if (n === 0) return '';
    const size = n > 0 ? n : -2 * n;
    if (size > MAX_NETWORK_TEXT_BYTES) {
      throw new ReplayError(
        'STRING_TOO_LONG',
        `network text of length ${n} at bit ${at} exceeds ${MAX_NETWORK_TEXT_BYTES} bytes`,
        {
          offset: at,
          offsetUnit: 'bit',
          section: 'network',
        },
      );
    }
    const raw = this.bytes(size);
    return n > 0 ? decodeWindows1252(raw, 0, size) : decodeUtf16le(raw, 0, size);
  }
}

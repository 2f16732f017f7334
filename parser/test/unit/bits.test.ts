import { describe, expect, it } from 'vitest';
import { ReplayError } from '../../src/errors.js';
import { BitReader } from '../../src/io/bits.js';

/** Test-only LSB-first bit writer, to hand-build network streams. */
class BitWriter {
  private bitsOut: number[] = [];
  write(value: number, n: number): this {
    for (let i = 0; i < n; i++) this.bitsOut.push(Math.floor(value / 2 ** i) % 2);
    return this;
  }
  bytes(): Uint8Array {
    const out = new Uint8Array(Math.ceil(this.bitsOut.length / 8));
    this.bitsOut.forEach((b, i) => (out[i >> 3]! |= b << (i & 7)));
    return out;
  }
}

/** The spec's reference SerializeInt loop (§5.2). */
function referenceSerializeInt(r: BitReader, max: number): number {
  let value = 0;
  let mask = 1;
  while (value + mask < max && mask < 2 ** 31) {
    if (r.bit()) value += mask;
    mask *= 2;
  }
  return value;
}

function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('BitReader', () => {
  it('reads bits LSB-first within each byte', () => {
    const r = new BitReader(new Uint8Array([0b10110010]));
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(() => r.bit())).toEqual([0, 1, 0, 0, 1, 1, 0, 1]);
  });

  it('assembles multi-bit values LSB-first across byte boundaries and at odd offsets', () => {
    const w = new BitWriter().write(5, 3).write(0xabcdef12, 32).write(0x1ff, 9).write(1, 1);
    const r = new BitReader(w.bytes());
    expect(r.bits(3)).toBe(5);
    expect(r.u32()).toBe(0xabcdef12);
    expect(r.bits(9)).toBe(0x1ff);
    expect(r.bit()).toBe(1);
  });

  it('reads i32, f32 and u64 at unaligned offsets', () => {
    const f = new DataView(new ArrayBuffer(4));
    f.setFloat32(0, 476.908203125, true);
    const w = new BitWriter()
      .write(1, 1)
      .write(0xffffffff, 32) // -1
      .write(f.getUint32(0, true), 32)
      .write(0x086eda97, 32)
      .write(0x01100001, 32); // 76561198101748375 = 0x01100001086EDA97
    const r = new BitReader(w.bytes());
    r.bit();
    expect(r.i32()).toBe(-1);
    expect(r.f32()).toBe(476.908203125);
    expect(r.u64()).toBe('76561198101748375');
  });

  it('SerializeInt agrees with the spec loop for many maxima and random streams', () => {
    const rand = rng(42);
    for (const max of [2, 3, 7, 14, 20, 22, 64, 1023, 2047, 5000]) {
      const data = new Uint8Array(64).map(() => Math.floor(rand() * 256));
      const fast = new BitReader(data);
      const slow = new BitReader(data);
      const width = 32 - Math.clz32(max) - 1;
      for (let i = 0; i < 20; i++) {
        const v = fast.serializeInt(width, max);
        expect(v).toBe(referenceSerializeInt(slow, max));
        expect(v).toBeLessThan(max);
        expect(fast.pos).toBe(slow.pos);
      }
    }
  });

  it('decodes a packed Vector3i (size field, bias, width)', () => {
    // net >= 7: size = SerializeInt(22): 4 bits, no 5th since 14 + 16 >= 22; width 16, bias 2^15
    const bias = 1 << 15;
    const w = new BitWriter()
      .write(14, 4)
      .write(bias + 0, 16)
      .write(bias - 4608, 16)
      .write(bias + 17, 16);
    const v = new BitReader(w.bytes()).vector(7);
    expect(v).toEqual({ x: 0, y: -4608, z: 17 });
  });

  it('decodes spawn rotations (optional bytes, signed)', () => {
    const w = new BitWriter().write(1, 1).write(0xff, 8).write(1, 1).write(64, 8).write(0, 1);
    expect(new BitReader(w.bytes()).rotation()).toEqual({ pitch: -1, yaw: 64, roll: null });
  });

  it('decodes a unit quaternion with the largest component omitted', () => {
    const mid = 131071.5; // maps to ~0
    const w = new BitWriter()
      .write(3, 2)
      .write(Math.floor(mid), 18)
      .write(Math.floor(mid), 18)
      .write(262143, 18);
    const q = new BitReader(w.bytes()).quaternion();
    expect(q.x).toBeCloseTo(0, 4);
    expect(q.y).toBeCloseTo(0, 4);
    expect(q.z).toBeCloseTo(Math.SQRT1_2, 5);
    expect(q.w).toBeCloseTo(Math.SQRT1_2, 4);
    expect(q.x ** 2 + q.y ** 2 + q.z ** 2 + q.w ** 2).toBeCloseTo(1, 6);
  });

  it('places the reconstructed component at the omitted index for every largest value', () => {
    const u = (v: number) => ((v / 262143 - 0.5) * 2) / Math.SQRT2;
    const [a, b, c] = [50000, 140000, 200000];
    const d = Math.sqrt(1 - u(a) ** 2 - u(b) ** 2 - u(c) ** 2);
    const expected = [
      [d, u(a), u(b), u(c)],
      [u(a), d, u(b), u(c)],
      [u(a), u(b), d, u(c)],
      [u(a), u(b), u(c), d],
    ];
    for (let largest = 0; largest < 4; largest++) {
      const q = new BitReader(
        new BitWriter().write(largest, 2).write(a, 18).write(b, 18).write(c, 18).bytes(),
      ).quaternion();
      [q.x, q.y, q.z, q.w].forEach((v, i) => expect(v).toBeCloseTo(expected[largest]![i]!, 12));
    }
  });

  it('decodes pre-quaternion compressed rotations into x, y, z with w = 0', () => {
    const w = new BitWriter().write(32768, 16).write(65535, 16).write(1, 16);
    const q = new BitReader(w.bytes()).compressedRotation();
    expect({ x: q.x, y: q.y, z: q.z, w: q.w }).toEqual({ x: 0, y: 1, z: -1, w: 0 });
    expect(JSON.parse(JSON.stringify(q))).toEqual({ x: 0, y: 1, z: -1, w: 0 });
  });

  it('reads bit-level text in Windows-1252 and UTF-16', () => {
    const w = new BitWriter().write(1, 1).write(4, 32);
    for (const b of [0x80, 0x41, 0xe9, 0]) w.write(b, 8);
    w.write(-3 >>> 0, 32);
    for (const b of [0x23, 0x26, 0x44, 0, 0, 0]) w.write(b, 8);
    w.write(0, 32);
    const r = new BitReader(w.bytes());
    r.bit();
    expect(r.text()).toBe('€Aé');
    expect(r.text()).toBe('☣D');
    expect(r.text()).toBe('');
  });

  it('refuses network text over 1024 bytes and reads past the end with typed errors', () => {
    const r = new BitReader(new BitWriter().write(5000, 32).bytes());
    expect(() => r.text()).toThrow(expect.objectContaining({ code: 'STRING_TOO_LONG' }));
    const short = new BitReader(new Uint8Array([1]));
    short.bits(6);
    const err = (() => {
      try {
        short.bits(8);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ReplayError);
    expect(err).toMatchObject({ code: 'TRUNCATED', offset: 6, offsetUnit: 'bit' });
  });
});

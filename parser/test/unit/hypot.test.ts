import { describe, expect, it } from 'vitest';
import { hypot2, hypot3 } from '../../src/analysis/hypot.js';

/** Seeded so a failure names its inputs again on the next run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('hypot2 / hypot3 (allocation-free Math.hypot)', () => {
  it('return the very doubles Math.hypot returns, over magnitudes from 1e-4 to 1e8 and signs', () => {
    const rnd = mulberry32(18);
    const value = () => (rnd() < 0.05 ? 0 : (rnd() - 0.5) * 10 ** Math.floor(rnd() * 12 - 4));
    for (let i = 0; i < 200_000; i++) {
      const a = value();
      const b = value();
      const c = value();
      if (!Object.is(hypot3(a, b, c), Math.hypot(a, b, c)))
        expect([a, b, c, hypot3(a, b, c)]).toEqual([a, b, c, Math.hypot(a, b, c)]);
      if (!Object.is(hypot2(a, b), Math.hypot(a, b)))
        expect([a, b, hypot2(a, b)]).toEqual([a, b, Math.hypot(a, b)]);
    }
  });

  it('agree on the edge cases: zeros, NaN, infinities, huge and tiny values', () => {
    const cases: Array<[number, number, number]> = [
      [0, 0, 0],
      [-0, -0, 0],
      [NaN, 1, 2],
      [Infinity, NaN, 1],
      [1, -Infinity, NaN],
      [1e308, 1e308, 1e308],
      [5e-324, 0, -5e-324],
      [3, 4, 0],
      [-3, -4, 12],
    ];
    for (const [a, b, c] of cases) {
      expect(Object.is(hypot3(a, b, c), Math.hypot(a, b, c))).toBe(true);
      expect(Object.is(hypot2(a, b), Math.hypot(a, b))).toBe(true);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { blur, refine, smoothHeatmap, sum, viridis } from './heatmap';

const peak = (g: number[][]) => {
  let best = { r: -1, c: -1, v: -Infinity };
  g.forEach((row, r) => row.forEach((v, c) => v > best.v && (best = { r, c, v })));
  return best;
};

describe('heatmap smoothing', () => {
  const grid = Array.from({ length: 4 }, (_, r) =>
    Array.from({ length: 6 }, (_, c) => (r === 1 && c === 4 ? 1 : 0)),
  );

  it('refines to a finer grid, keeping the total and the hot spot where it was', () => {
    const fine = refine(grid, 4);
    expect(fine.length).toBe(16);
    expect(fine[0]!.length).toBe(24);
    expect(sum(fine)).toBeCloseTo(1, 9);
    const p = peak(fine);
    expect(Math.floor(p.r / 4)).toBe(1);
    expect(Math.floor(p.c / 4)).toBe(4);
  });

  it('blurs a single spike into its neighbours without losing mass', () => {
    const spike = [
      [0, 0, 0],
      [0, 9, 0],
      [0, 0, 0],
    ];
    const b = blur(spike, 1);
    expect(sum(b)).toBeCloseTo(9, 9);
    expect(b[1]![1]).toBeLessThan(9);
    expect(b[0]![0]).toBeGreaterThan(0);
    expect(b[1]![1]).toBeGreaterThan(b[0]![0]!);
  });

  it('leaves an empty grid empty and an all-zero grid zero', () => {
    expect(smoothHeatmap([])).toEqual([]);
    expect(
      sum(
        smoothHeatmap([
          [0, 0],
          [0, 0],
        ]),
      ),
    ).toBe(0);
  });
});

describe('viridis', () => {
  it('runs from dark purple to yellow, getting lighter all the way', () => {
    expect(viridis(0)).toEqual([68, 1, 84]);
    expect(viridis(1)).toEqual([253, 231, 37]);
    expect(viridis(-3)).toEqual(viridis(0));
    expect(viridis(Number.NaN)).toEqual(viridis(0));
    const lum = ([r, g, b]: number[]) => 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    let last = -1;
    for (let i = 0; i <= 20; i++) {
      const l = lum(viridis(i / 20));
      expect(l).toBeGreaterThan(last);
      last = l;
    }
  });
});

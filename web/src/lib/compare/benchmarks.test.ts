import { describe, expect, it } from 'vitest';
import { averagesOf, compareToRank, loadBenchmarks, nextRank, verdict } from './benchmarks';

describe('rank benchmarks (published estimates)', () => {
  const set = loadBenchmarks();
  it('loads the estimates file, labelled as estimates, with directions', () => {
    expect(set.status).toBe('estimate');
    expect(set.ranks[0]).toBe('C2');
    expect(set.metrics.find((m) => m.key === 'boost.bcpm')!.better).toBe('higher');
    expect(set.metrics.find((m) => m.key === 'boost.percent_zero_boost')!.better).toBe('lower');
    expect(set.metrics.find((m) => m.key === 'boost.bcpm')!.label).toBe('Boost collected per minute');
    expect(nextRank(set, 'GC3')).toBe('SSL');
    expect(nextRank(set, 'SSL')).toBeNull();
    expect(() => loadBenchmarks({ status: 'measured', metrics: [] })).toThrow(/estimates/);
  });
  it('verdicts respect direction and the ±5 % on-par band', () => {
    expect(verdict(104, 100, 'higher')).toBe('on par');
    expect(verdict(110, 100, 'higher')).toBe('better');
    expect(verdict(110, 100, 'lower')).toBe('worse');
    expect(verdict(null, 100, 'higher')).toBe('not enough data');
  });
  it('compares averages to the rank and the next rank, and refuses too few games', () => {
    const avg = { 'boost.bcpm': 400, 'core.goals': null };
    const rows = compareToRank(set, avg, 'C2', 10);
    const bcpm = rows.find((r) => r.key === 'boost.bcpm')!;
    expect(bcpm.band!.median).toBe(300);
    expect(bcpm.vsRank).toBe('better');
    expect(bcpm.next!.median).toBe(330);
    expect(rows.find((r) => r.key === 'core.goals')!.vsRank).toBe('not enough data');
    expect(compareToRank(set, avg, 'C2', 2).every((r) => r.vsRank === 'not enough data')).toBe(true);
  });
  it('averages skip missing values', () => {
    expect(averagesOf([{ a: 1 }, { a: null }, { a: 3 }], ['a', 'b'])).toEqual({ a: 2, b: null });
  });
});

import { describe, expect, it } from 'vitest';
import { loadBenchmarks, RANK_NAMES } from '../../src/lib/compare/benchmarks';
import {
  RANK_LADDER,
  RankFormError,
  RANKED_MODES,
  rankField,
  ranksFromForm,
} from '../../src/lib/compare/rank-ladder';

const form = (entries: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(entries)) f.set(k, v);
  return f;
};

describe('rank ladder', () => {
  it('runs Bronze I to Supersonic Legend and contains every rank of the published estimates', () => {
    expect(RANK_LADDER).toHaveLength(22);
    expect(RANK_LADDER[0]).toEqual({ key: 'B1', name: 'Bronze I' });
    expect(RANK_LADDER.at(-1)).toEqual({ key: 'SSL', name: 'Supersonic Legend' });
    const keys = RANK_LADDER.map((r) => r.key);
    for (const r of loadBenchmarks().ranks) expect(keys).toContain(r);
    expect(RANK_NAMES.GC2).toBe('Grand Champion II');
    expect(RANK_NAMES.P3).toBe('Platinum III');
  });

  it('offers every ranked mode but casual-only Chaos', () => {
    expect(RANKED_MODES.map((m) => m.key)).toEqual([
      'duel',
      'doubles',
      'standard',
      'hoops',
      'rumble',
      'dropshot',
      'snowday',
    ]);
  });

  it('merges the form over stored ranks: set, clear, keep what the form does not carry', () => {
    const next = ranksFromForm(form({ [rankField('standard')]: 'D2', [rankField('doubles')]: '' }), {
      doubles: 'GC1',
      duel: 'C3',
    });
    expect(next).toEqual({ standard: 'D2', duel: 'C3' });
  });

  it('refuses a rank that is not on the ladder instead of storing it', () => {
    expect(() => ranksFromForm(form({ [rankField('hoops')]: 'GC9' }), {})).toThrow(RankFormError);
    expect(() => ranksFromForm(form({ [rankField('hoops')]: 'GC9' }), {})).toThrow(/Hoops/);
  });
});

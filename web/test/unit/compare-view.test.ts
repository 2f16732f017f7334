import { describe, expect, it } from 'vitest';
import { loadBenchmarks } from '../../src/lib/compare/benchmarks';
import {
  compareKeys,
  compareMode,
  compareValues,
  type CompareGame,
} from '../../src/lib/compare/compare-view';
import { modeOf, modesPlayed } from '../../src/lib/compare/modes';
import { lastDaysWindows, type PeriodWindows } from '../../src/lib/compare/self';

const NOW = Date.parse('2026-11-25T12:00:00Z');
const DAY = 86_400_000;
const set = loadBenchmarks();
const WEEK = lastDaysWindows(7, NOW);
const ALL_TIME: PeriodWindows = { current: { from: null, to: null }, previous: null };

function game(
  mode: CompareGame['mode'],
  daysAgo: number,
  values: Record<string, number | null>,
): CompareGame {
  const win = values.win ?? null;
  return {
    playedAt: new Date(NOW - daysAgo * DAY).toISOString(),
    mode,
    result: win === 100 ? 'win' : win === 0 ? 'loss' : null,
    values,
  };
}

describe('game modes', () => {
  it('tells modes apart by playlist, mode-only arena, then team size', () => {
    expect(modeOf({ playlist: 'Ranked Duel', mapCode: 'stadium_p', teamSize: 1 })).toBe('duel');
    expect(modeOf({ playlist: '2v2 Online', mapCode: 'utopiastadium_p', teamSize: 2 })).toBe('doubles');
    expect(modeOf({ playlist: 'Ranked Standard', mapCode: null, teamSize: 3 })).toBe('standard');
    // Hoops is 2v2 but must not mix with doubles (or its estimates).
    expect(modeOf({ playlist: 'Ranked Hoops', mapCode: 'HoopsStadium_P', teamSize: 2 })).toBe('hoops');
    expect(modeOf({ playlist: '2v2 Private', mapCode: 'HoopsStreet_P', teamSize: 2 })).toBe('hoops');
    expect(modeOf({ playlist: '3v3 Online', mapCode: 'ShatterShot_P', teamSize: 3 })).toBe('dropshot');
    expect(modeOf({ playlist: 'Ranked Snow Day', mapCode: null, teamSize: 3 })).toBe('snowday');
    expect(modeOf({ playlist: 'Ranked Rumble', mapCode: null, teamSize: 3 })).toBe('rumble');
    expect(modeOf({ playlist: null, mapCode: null, teamSize: null })).toBeNull();
  });

  it('lists the modes played, most games first', () => {
    const played = modesPlayed([
      { mode: 'duel' },
      { mode: 'standard' },
      { mode: 'standard' },
      { mode: null },
    ]);
    expect(played.map((m) => [m.key, m.games])).toEqual([
      ['standard', 2],
      ['duel', 1],
    ]);
  });
});

describe('compare one mode', () => {
  const doubles = [
    game('doubles', 1, { 'boost.bcpm': 400, win: 100 }),
    game('doubles', 2, { 'boost.bcpm': 420, win: 100 }),
    game('doubles', 3, { 'boost.bcpm': 380, win: 0 }),
    game('doubles', 9, { 'boost.bcpm': 300, win: 0 }),
  ];
  const standard = [game('standard', 1, { 'boost.bcpm': 999, win: 100 })];

  it('compares doubles averages over the period with the rank and the next rank from the estimates', () => {
    const v = compareMode([...doubles, ...standard], 'doubles', 'GC1', ALL_TIME, set);
    expect(v.games).toBe(4);
    if (v.rank.kind !== 'rows') throw new Error(`expected rows, got ${v.rank.kind}`);
    expect(v.rank.next).toBe('GC2');
    const bcpm = v.rank.rows.find((r) => r.key === 'boost.bcpm')!;
    expect(bcpm.you).toBe(375); // the standard game's 999 is not mixed in
    const est = set.metrics.find((m) => m.key === 'boost.bcpm')!;
    expect(bcpm.band).toEqual(est.ranks.GC1);
    expect(bcpm.next).toEqual(est.ranks.GC2);
    expect(bcpm.vsRank).toBe('on par'); // 375 vs 380: within 5 %
    expect(bcpm.vsNext).toBe('worse'); // 375 vs 400
    // Over the last week only the three newest games count.
    const week = compareMode([...doubles, ...standard], 'doubles', 'GC1', WEEK, set);
    expect(week.games).toBe(3);
    if (week.rank.kind !== 'rows') throw new Error(`expected rows, got ${week.rank.kind}`);
    expect(week.rank.rows.find((r) => r.key === 'boost.bcpm')!.you).toBe(400);
  });

  it('states why there is no rank table: no estimates, no rank, rank off the ladder, too few games', () => {
    expect(compareMode(standard, 'standard', 'GC1', WEEK, set).rank).toEqual({ kind: 'no-estimates' });
    expect(compareMode(doubles, 'doubles', null, WEEK, set).rank).toEqual({ kind: 'no-rank' });
    expect(compareMode(doubles, 'doubles', 'D2', WEEK, set).rank).toEqual({
      kind: 'rank-not-covered',
      rank: 'D2',
    });
    expect(compareMode(doubles.slice(0, 2), 'doubles', 'GC1', WEEK, set).rank).toEqual({
      kind: 'too-few-games',
      games: 2,
    });
  });

  it('compares this period with the previous one, win rate included, for any mode', () => {
    const v = compareMode(doubles, 'doubles', null, WEEK, set);
    expect(v.self.currentGames).toBe(3);
    expect(v.self.previousGames).toBe(1);
    const win = v.self.rows.find((r) => r.key === 'win')!;
    expect(win.now).toBeCloseTo(200 / 3);
    expect(win.before).toBe(0);
    expect(win.verdict).toBe('better');
    const bcpm = v.self.rows.find((r) => r.key === 'boost.bcpm')!;
    expect([bcpm.now, bcpm.before, bcpm.verdict]).toEqual([400, 300, 'better']);
    // Standard has no previous-week games: no verdict rather than a made-up one.
    const s = compareMode(standard, 'standard', null, WEEK, set);
    expect(s.self.rows.find((r) => r.key === 'win')!.verdict).toBe('not enough data');
    // All time: every game in the period, no previous one.
    const all = compareMode(doubles, 'doubles', null, ALL_TIME, set);
    expect([all.self.currentGames, all.self.previousGames]).toEqual([4, null]);
    expect(all.self.rows.find((r) => r.key === 'boost.bcpm')!.now).toBe(375);
  });

  it('reads a stored report player into the values Compare needs', () => {
    const keys = compareKeys(set);
    expect(keys).toContain('win');
    expect(keys).toContain('movement.percent_supersonic_speed');
    const values = compareValues(
      { stats: { core: { goals: 2 }, boost: { bcpm: 350.5 } }, mechanics: null },
      'loss',
      keys,
    );
    expect(values.win).toBe(0);
    expect(values['core.goals']).toBe(2);
    expect(values['boost.bcpm']).toBe(350.5);
    expect(values['core.saves']).toBeNull();
  });
});

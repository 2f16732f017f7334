import { describe, expect, it } from 'vitest';
import { loadBenchmarks } from '../../src/lib/compare/benchmarks';
import {
  bandPosition,
  buildMechanicsHero,
  HERO_MOVEMENT,
  type HeroGame,
} from '../../src/lib/compare/mechanics-hero';

const NOW = Date.parse('2026-11-25T12:00:00Z');
const DAY = 86_400_000;
const set = loadBenchmarks();

const game = (
  daysAgo: number | null,
  mechanics: Record<string, number | null>,
  mode: HeroGame['mode'] = 'doubles',
  movement: Record<string, number | null> = {},
): HeroGame => ({
  playedAt: daysAgo === null ? null : new Date(NOW - daysAgo * DAY).toISOString(),
  mode,
  mechanics,
  movement,
});

describe('mechanics hero', () => {
  it('averages each mechanic per game over the games whose report has it', () => {
    const hero = buildMechanicsHero(
      [
        game(1, { aerial: 4, flip_reset: 0 }),
        game(2, { aerial: 2, flip_reset: null }),
        game(null, { aerial: 6 }),
      ],
      null,
      NOW,
      set,
    );
    const aerial = hero.mechanics.find((m) => m.key === 'aerial')!;
    expect([aerial.games, aerial.total, aerial.perGame]).toEqual([3, 12, 4]);
    const reset = hero.mechanics.find((m) => m.key === 'flip_reset')!;
    expect([reset.games, reset.total, reset.perGame]).toEqual([1, 0, 0]);
    // The undated game counts in totals but in neither period.
    expect([hero.games, hero.currentGames, hero.previousGames]).toEqual([3, 2, 0]);
    expect(aerial.trend).toBeNull(); // no previous period to compare with
  });

  it('trends the last 30 days against the 30 before, only with enough games in both', () => {
    const cur = [1, 2, 3].map((d) => game(d, { aerial: 6, wavedash: 1 }));
    const prev = [31, 32, 33].map((d) => game(d, { aerial: 3, wavedash: 1 }));
    const hero = buildMechanicsHero([...cur, ...prev], null, NOW, set);
    const aerial = hero.mechanics.find((m) => m.key === 'aerial')!;
    expect([aerial.current, aerial.previous, aerial.trend]).toEqual([6, 3, 'up']);
    expect(hero.mechanics.find((m) => m.key === 'wavedash')!.trend).toBe('same');
    const few = buildMechanicsHero([...cur, ...prev.slice(0, 2)], null, NOW, set);
    expect(few.mechanics.find((m) => m.key === 'aerial')!.trend).toBeNull();
  });

  it('places doubles movement in the estimate band of the rank, never a percentile', () => {
    const est = (key: string) => set.metrics.find((m) => m.key === key)!.ranks.GC1!;
    const speed = est('movement.avg_speed');
    const movement = { 'movement.avg_speed': speed.p75 + 100, 'movement.percent_high_air': null };
    const doubles = [1, 2, 3].map((d) => game(d, {}, 'doubles', movement));
    const standard = game(1, {}, 'standard', { 'movement.avg_speed': 1 });
    const hero = buildMechanicsHero([...doubles, standard], 'GC1', NOW, set);
    if (hero.movement.kind !== 'rows') throw new Error(hero.movement.kind);
    expect(hero.movement.doublesGames).toBe(3);
    expect(hero.movement.rows.map((r) => r.key)).toEqual([...HERO_MOVEMENT]);
    const row = hero.movement.rows.find((r) => r.key === 'movement.avg_speed')!;
    expect(row.you).toBe(speed.p75 + 100);
    expect(row.band).toEqual(speed);
    expect(row.position).toBe('above p75');
    expect(hero.movement.rows.find((r) => r.key === 'movement.percent_high_air')!.position).toBeNull();

    expect(buildMechanicsHero(doubles, null, NOW, set).movement.kind).toBe('no-rank');
    expect(buildMechanicsHero(doubles, 'P1', NOW, set).movement.kind).toBe('rank-not-covered');
    expect(buildMechanicsHero(doubles.slice(0, 2), 'GC1', NOW, set).movement).toEqual({
      kind: 'too-few-games',
      rank: 'GC1',
      doublesGames: 2,
    });
  });

  it('names the band part by the estimate’s three points', () => {
    const band = { median: 50, p25: 40, p75: 60, elite: null };
    expect([39, 40, 49, 50, 60, 61].map((v) => bandPosition(v, band))).toEqual([
      'below p25',
      'p25–median',
      'p25–median',
      'median–p75',
      'median–p75',
      'above p75',
    ]);
  });
});

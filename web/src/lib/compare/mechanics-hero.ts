/**
 * Home hero (product brief §3): the user's mechanics with the context the data supports.
 *
 * - Mechanic counts per game come from our analysis of the user's replays. No benchmark for them
 *   exists (the published estimates have no mechanics fields), so their only comparison is the
 *   user's own trend: the last 30 days against the 30 before. No percentile is derived.
 * - Six of the estimates' 24 metrics are movement, the mechanics-adjacent ones (speed, supersonic,
 *   slow, ground / low air / high air). Those are placed against the user's doubles rank as the
 *   band of the estimate they fall in (below p25, p25–median, median–p75, above p75): the estimate
 *   gives those three points and nothing finer.
 */
import { metric, type Unit } from '$lib/stats/catalogue';
import { averagesOf, loadBenchmarks, type BenchmarkBand, type BenchmarkSet } from './benchmarks';
import type { ModeKey } from './modes';

export const HERO_PERIOD_DAYS = 30;
/** Per-game averages over fewer games than this are too noisy for a trend or a band. */
export const HERO_MIN_GAMES = 3;

/** Detected mechanics (report player `mechanics.counts.*`) plus powerslides (stats.movement). */
export const HERO_MECHANICS: ReadonlyArray<{ key: string; label: string }> = [
  { key: 'aerial', label: 'Aerials' },
  { key: 'speed_flip', label: 'Speed flips' },
  { key: 'half_flip', label: 'Half-flips' },
  { key: 'wavedash', label: 'Wavedashes' },
  { key: 'air_dribble', label: 'Air dribbles' },
  { key: 'flick', label: 'Flicks' },
  { key: 'flip_reset', label: 'Flip resets' },
  { key: 'ceiling_shot', label: 'Ceiling shots' },
  { key: 'double_tap', label: 'Double taps' },
  { key: 'powerslide', label: 'Powerslides' },
];

/** The estimates' movement metrics: the mechanics-adjacent part of the 24. */
export const HERO_MOVEMENT = [
  'movement.avg_speed',
  'movement.percent_supersonic_speed',
  'movement.percent_slow_speed',
  'movement.percent_ground',
  'movement.percent_low_air',
  'movement.percent_high_air',
] as const;

/** One analysed game of the user's (built on the server from the stored report). */
export interface HeroGame {
  /** Match time (ISO); null when the replay does not say, which keeps the game out of both periods. */
  playedAt: string | null;
  mode: ModeKey | null;
  /** HERO_MECHANICS key → count in this game; null when the report has no detection for it. */
  mechanics: Record<string, number | null>;
  /** HERO_MOVEMENT key → value in this game. */
  movement: Record<string, number | null>;
}

export type Trend = 'up' | 'down' | 'same';

export interface MechanicRow {
  key: string;
  label: string;
  /** Games whose report has this mechanic's count, and the count over them. */
  games: number;
  total: number;
  perGame: number | null;
  current: number | null;
  previous: number | null;
  /** null unless both periods have HERO_MIN_GAMES games. */
  trend: Trend | null;
}

export type BandPosition = 'below p25' | 'p25–median' | 'median–p75' | 'above p75';

export interface MovementRow {
  key: string;
  label: string;
  unit: Unit;
  you: number | null;
  band: BenchmarkBand | null;
  position: BandPosition | null;
}

export type MovementContext =
  | { kind: 'no-rank'; doublesGames: number }
  | { kind: 'rank-not-covered'; rank: string }
  | { kind: 'too-few-games'; rank: string; doublesGames: number }
  | { kind: 'rows'; rank: string; doublesGames: number; rows: MovementRow[] };

export interface MechanicsHero {
  games: number;
  currentGames: number;
  previousGames: number;
  mechanics: MechanicRow[];
  movement: MovementContext;
}

const mean = (xs: number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/** Where a value falls in an estimate's band; the median splits the middle half. */
export function bandPosition(value: number, band: BenchmarkBand): BandPosition {
  if (value < band.p25) return 'below p25';
  if (value < band.median) return 'p25–median';
  if (value <= band.p75) return 'median–p75';
  return 'above p75';
}

/** ±5 % counts as the same, like every other comparison on the dashboard. */
function trendOf(current: number | null, previous: number | null): Trend | null {
  if (current === null || previous === null) return null;
  const tolerance = Math.max(Math.abs(previous) * 0.05, 1e-9);
  if (Math.abs(current - previous) <= tolerance) return 'same';
  return current > previous ? 'up' : 'down';
}

export function buildMechanicsHero(
  games: readonly HeroGame[],
  doublesRank: string | null,
  now: number,
  set: BenchmarkSet = loadBenchmarks(),
): MechanicsHero {
  const span = HERO_PERIOD_DAYS * 86_400_000;
  const at = (g: HeroGame) => (g.playedAt ? Date.parse(g.playedAt) : NaN);
  const current = games.filter((g) => at(g) > now - span && at(g) <= now);
  const previous = games.filter((g) => at(g) > now - 2 * span && at(g) <= now - span);
  const enough = current.length >= HERO_MIN_GAMES && previous.length >= HERO_MIN_GAMES;

  const mechanics = HERO_MECHANICS.map(({ key, label }) => {
    const counts = (gs: readonly HeroGame[]) =>
      gs.map((g) => g.mechanics[key]).filter((v): v is number => typeof v === 'number');
    const all = counts(games);
    const cur = mean(counts(current));
    const prev = mean(counts(previous));
    return {
      key,
      label,
      games: all.length,
      total: all.reduce((a, b) => a + b, 0),
      perGame: mean(all),
      current: cur,
      previous: prev,
      trend: enough ? trendOf(cur, prev) : null,
    };
  });

  return {
    games: games.length,
    currentGames: current.length,
    previousGames: previous.length,
    mechanics,
    movement: movementContext(
      games.filter((g) => g.mode === 'doubles'),
      doublesRank,
      set,
    ),
  };
}

function movementContext(
  doubles: readonly HeroGame[],
  rank: string | null,
  set: BenchmarkSet,
): MovementContext {
  if (!rank) return { kind: 'no-rank', doublesGames: doubles.length };
  if (!set.ranks.includes(rank)) return { kind: 'rank-not-covered', rank };
  if (doubles.length < HERO_MIN_GAMES) return { kind: 'too-few-games', rank, doublesGames: doubles.length };
  const avg = averagesOf(
    doubles.map((g) => g.movement),
    HERO_MOVEMENT,
  );
  const rows = HERO_MOVEMENT.map((key) => {
    const m = set.metrics.find((x) => x.key === key);
    const band = m?.ranks[rank] ?? null;
    const you = avg[key] ?? null;
    const catalogue = metric(key);
    return {
      key,
      label: catalogue?.label ?? key,
      unit: catalogue?.unit ?? 'count',
      you,
      band,
      position: you !== null && band ? bandPosition(you, band) : null,
    };
  });
  return { kind: 'rows', rank, doublesGames: doubles.length, rows };
}

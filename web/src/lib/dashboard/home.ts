/** Home page figures, from the user's own games only (replays where they claimed their player). */
import { averagesOf } from '$lib/compare/benchmarks';
import { readMetric } from '$lib/stats/catalogue';
import type { DashboardReplay } from './types';

export const HOME_FUNDAMENTALS = [
  'core.goals',
  'core.assists',
  'core.saves',
  'core.shots',
  'demo.inflicted',
] as const;
export const HOME_EFFICIENCY = [
  'boost.bcpm',
  'movement.avg_speed',
  'movement.percent_supersonic_speed',
  'positioning.percent_defensive_third',
  'positioning.percent_neutral_third',
  'positioning.percent_offensive_third',
] as const;

export interface HomeSummary {
  totalReplays: number;
  myGames: number;
  /** Last 20 decided games (newest first): wins, losses, rate; null rate when none decided. */
  last20: { wins: number; losses: number; rate: number | null };
  /** Win rate of the 10 games before the last 10, to show the direction; null when too few. */
  previousRate: number | null;
  averages: Record<string, number | null>;
  recent: DashboardReplay[];
}

function rate(games: DashboardReplay[]): { wins: number; losses: number; rate: number | null } {
  const wins = games.filter((g) => g.result === 'win').length;
  const losses = games.filter((g) => g.result === 'loss').length;
  return { wins, losses, rate: wins + losses ? wins / (wins + losses) : null };
}

/** `library` newest first, as loadLibrary returns it. */
export function homeSummary(library: readonly DashboardReplay[]): HomeSummary {
  const mine = library.filter((r) => r.me !== null);
  const decided = mine.filter((r) => r.result !== null);
  const last10 = decided.slice(0, 10);
  const prev10 = decided.slice(10, 20);
  const keys = [...HOME_FUNDAMENTALS, ...HOME_EFFICIENCY];
  return {
    totalReplays: library.length,
    myGames: mine.length,
    last20: rate(decided.slice(0, 20)),
    previousRate: prev10.length >= 5 && last10.length >= 5 ? rate(prev10).rate : null,
    averages: averagesOf(
      mine.map((g) => Object.fromEntries(keys.map((k) => [k, readMetric(g.me, k)]))),
      keys,
    ),
    recent: library.slice(0, 5),
  };
}

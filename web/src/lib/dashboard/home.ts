/** Home page figures, from the user's own counted games only; aggregated in the database. */
import type { DashboardReplay, MatchResult } from './types';

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

type Decided = MatchResult;

function rate(games: readonly Decided[]): { wins: number; losses: number; rate: number | null } {
  const wins = games.filter((g) => g === 'win').length;
  const losses = games.filter((g) => g === 'loss').length;
  return { wins, losses, rate: wins + losses ? wins / (wins + losses) : null };
}

/** What the database aggregates for Home (server/dashboard/summaries.ts loadHome). */
export interface HomeAggregates {
  totalReplays: number;
  myGames: number;
  /** Results of the user's last 20 decided games, newest first. */
  lastResults: readonly Decided[];
  /** Per-game averages over the user's counted games, by metric key (HOME_FUNDAMENTALS, HOME_EFFICIENCY). */
  averages: Record<string, number | null>;
  recent: DashboardReplay[];
}

export function homeSummary(a: HomeAggregates): HomeSummary {
  const last10 = a.lastResults.slice(0, 10);
  const prev10 = a.lastResults.slice(10, 20);
  return {
    totalReplays: a.totalReplays,
    myGames: a.myGames,
    last20: rate(a.lastResults.slice(0, 20)),
    previousRate: prev10.length >= 5 && last10.length >= 5 ? rate(prev10).rate : null,
    averages: a.averages,
    recent: a.recent,
  };
}

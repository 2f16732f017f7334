/**
 * Everything the Compare page shows for one mode, from the user's stored games: vs their rank and
 * the next rank (published estimates, doubles only) and this period vs the previous one. Pure, so
 * each state ("no estimates for this mode", "no rank set", "too few games") is unit tested.
 */
import type { MatchResult } from '$lib/dashboard/types';
import { metric, readMetric, type Direction, type Unit } from '$lib/stats/catalogue';
import {
  averagesOf,
  compareToRank,
  loadBenchmarks,
  nextRank,
  verdict,
  type BenchmarkSet,
  type RankRow,
  type Verdict,
} from './benchmarks';
import { modeInfo, type Mode, type ModeKey } from './modes';
import { compareToSelf, inWindow, type PeriodWindows } from './self';

/** One of the user's games, reduced to what Compare needs (built on the server). */
export interface CompareGame {
  playedAt: string;
  mode: ModeKey | null;
  result: MatchResult | null;
  /** Catalogue key → the user's value in that game; 'win' is 100 for a win, 0 for a loss. */
  values: Record<string, number | null>;
}

/** Fewer games than this and a per-game average says little: shown as "not enough data". */
export const MIN_RANK_GAMES = 3;

/** "Vs yourself" metrics: win rate first, then the outcome and rank predictors of brief §9. */
export const SELF_KEYS = [
  'win',
  'core.goals',
  'core.assists',
  'core.saves',
  'core.shots',
  'core.shots_against',
  'core.shooting_percentage',
  'demo.inflicted',
  'boost.bcpm',
  'movement.avg_speed',
  'movement.percent_supersonic_speed',
  'positioning.percent_behind_ball',
] as const;

/** Every key a CompareGame must carry: the estimates' metrics plus the self metrics. */
export function compareKeys(set: BenchmarkSet = loadBenchmarks()): string[] {
  return [...new Set([...set.metrics.map((m) => m.key), ...SELF_KEYS])];
}

/** A stored game → CompareGame values (server side; `me` is the user's report player). */
export function compareValues(
  me: { stats?: unknown; mechanics?: unknown },
  result: MatchResult | null,
  keys: readonly string[],
): Record<string, number | null> {
  return Object.fromEntries(
    keys.map((k) => [
      k,
      k === 'win' ? (result === 'win' ? 100 : result === 'loss' ? 0 : null) : readMetric(me, k),
    ]),
  );
}

export type RankState =
  | { kind: 'rows'; rank: string; next: string | null; rows: RankRow[] }
  | { kind: 'no-estimates' }
  | { kind: 'no-rank' }
  /** The rank is not on the estimates' ladder (they cover Champion II to Supersonic Legend). */
  | { kind: 'rank-not-covered'; rank: string }
  | { kind: 'too-few-games'; games: number };

export interface SelfRow {
  key: string;
  label: string;
  unit: Unit;
  now: number | null;
  before: number | null;
  verdict: Verdict;
}

export interface ModeComparison {
  mode: Mode;
  games: number;
  rank: RankState;
  /** previousGames is null when the period has no previous one (all time). */
  self: { currentGames: number; previousGames: number | null; rows: SelfRow[] };
}

const selfLabel = (k: string) => (k === 'win' ? 'Win rate' : (metric(k)?.label ?? k));
const selfUnit = (k: string): Unit => (k === 'win' ? 'percent' : (metric(k)?.unit ?? 'count'));
const selfBetter = (k: string): Direction => (k === 'win' ? 'higher' : (metric(k)?.better ?? 'neutral'));

/**
 * One mode over the picked period: the rank comparison averages the period's games, the self
 * comparison sets them against the previous period of the same length.
 */
export function compareMode(
  all: readonly CompareGame[],
  modeKey: ModeKey,
  rank: string | null,
  windows: PeriodWindows,
  set: BenchmarkSet = loadBenchmarks(),
): ModeComparison {
  const mode = modeInfo(modeKey);
  const games = all.filter((g) => g.mode === modeKey);
  const current = games.filter((g) => inWindow(g.playedAt, windows.current));
  return {
    mode,
    games: current.length,
    rank: rankState(current, mode, rank, set),
    self: selfRows(games, windows),
  };
}

function rankState(
  games: readonly CompareGame[],
  mode: Mode,
  rank: string | null,
  set: BenchmarkSet,
): RankState {
  if (!mode.hasEstimates) return { kind: 'no-estimates' };
  if (!rank) return { kind: 'no-rank' };
  if (!set.ranks.includes(rank)) return { kind: 'rank-not-covered', rank };
  if (games.length < MIN_RANK_GAMES) return { kind: 'too-few-games', games: games.length };
  const keys = set.metrics.map((m) => m.key);
  const rows = compareToRank(
    set,
    averagesOf(
      games.map((g) => g.values),
      keys,
    ),
    rank,
    games.length,
    MIN_RANK_GAMES,
  );
  return { kind: 'rows', rank, next: nextRank(set, rank), rows };
}

function selfRows(games: readonly CompareGame[], windows: PeriodWindows): ModeComparison['self'] {
  const s = compareToSelf(games, SELF_KEYS, windows);
  return {
    currentGames: s.currentGames,
    previousGames: s.previousGames,
    rows: SELF_KEYS.map((k) => {
      const nowV = s.current[k] ?? null;
      const before = s.previous[k] ?? null;
      return {
        key: k,
        label: selfLabel(k),
        unit: selfUnit(k),
        now: nowV,
        before,
        verdict: verdict(nowV, before, selfBetter(k)),
      };
    }),
  };
}

/** "Vs yourself" (product brief §8): this period's per-game averages against the previous one. */
import { averagesOf } from './benchmarks';

/** A half-open window [from, to) in epoch milliseconds; a null bound is open. */
export interface PeriodWindow {
  from: number | null;
  to: number | null;
}

/** The period shown and the one of the same length before it (null for all time). */
export interface PeriodWindows {
  current: PeriodWindow;
  previous: PeriodWindow | null;
}

/** The last `days` days up to `now` and the `days` before them. */
export function lastDaysWindows(days: number, now: number): PeriodWindows {
  const len = days * 86_400_000;
  return { current: { from: now - len, to: null }, previous: { from: now - 2 * len, to: now - len } };
}

export function inWindow(playedAt: string, w: PeriodWindow): boolean {
  const t = Date.parse(playedAt);
  return (w.from === null || t >= w.from) && (w.to === null || t < w.to);
}

export interface SelfComparison {
  currentGames: number;
  /** Null when the period has no previous one (all time). */
  previousGames: number | null;
  current: Record<string, number | null>;
  previous: Record<string, number | null>;
}

export function compareToSelf(
  games: ReadonlyArray<{ playedAt: string; values: Record<string, number | null> }>,
  keys: readonly string[],
  windows: PeriodWindows,
): SelfComparison {
  const cur = games.filter((g) => inWindow(g.playedAt, windows.current));
  const prev = windows.previous ? games.filter((g) => inWindow(g.playedAt, windows.previous!)) : [];
  return {
    currentGames: cur.length,
    previousGames: windows.previous ? prev.length : null,
    current: averagesOf(
      cur.map((g) => g.values),
      keys,
    ),
    previous: averagesOf(
      prev.map((g) => g.values),
      keys,
    ),
  };
}

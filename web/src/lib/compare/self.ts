/** "Vs yourself" (product brief §8): this period's per-game averages against the previous one. */
import { averagesOf } from './benchmarks';

export type SelfPeriod = 'week' | 'month';

export interface PeriodWindow {
  from: number;
  to: number;
}

/** The current period (the last 7 or 30 days up to `now`) and the one before it. */
export function periodWindows(
  period: SelfPeriod,
  now: number,
): { current: PeriodWindow; previous: PeriodWindow } {
  const len = (period === 'week' ? 7 : 30) * 86_400_000;
  return { current: { from: now - len, to: now }, previous: { from: now - 2 * len, to: now - len } };
}

export interface SelfComparison {
  currentGames: number;
  previousGames: number;
  current: Record<string, number | null>;
  previous: Record<string, number | null>;
}

export function compareToSelf(
  games: ReadonlyArray<{ playedAt: string; values: Record<string, number | null> }>,
  keys: readonly string[],
  period: SelfPeriod,
  now = Date.now(),
): SelfComparison {
  const w = periodWindows(period, now);
  const inside = (x: PeriodWindow) =>
    games.filter((g) => {
      const t = Date.parse(g.playedAt);
      return t > x.from && t <= x.to;
    });
  const cur = inside(w.current);
  const prev = inside(w.previous);
  return {
    currentGames: cur.length,
    previousGames: prev.length,
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

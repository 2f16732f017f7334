/**
 * The metrics Trends can plot: win rate plus the whole catalogue. The chosen key travels in the
 * URL (`?metric=`), so the server reads only that metric's values; anything unknown falls back to
 * goals rather than failing the page.
 */
import { METRICS, type Metric } from '$lib/stats/catalogue';

export const WIN_RATE_KEY = 'win';
export const DEFAULT_TREND_METRIC = 'core.goals';

export const TREND_METRICS: readonly Metric[] = [
  { key: WIN_RATE_KEY, label: 'Win rate', unit: 'percent', better: 'higher', group: 'Fundamentals' },
  ...METRICS,
];

const BY_KEY = new Map(TREND_METRICS.map((m) => [m.key, m]));

/** The requested metric when Trends knows it, else the default. */
export function trendMetric(requested: string | null | undefined): Metric {
  return BY_KEY.get(requested ?? '') ?? BY_KEY.get(DEFAULT_TREND_METRIC)!;
}

/**
 * Trends' data: one metric's value per counted, dated game, read in SQL by db's dashboard reads
 * (a topline stat from its summary column, any other from the stored stats JSON, win rate from the
 * stored result).
 */
import { listTrendValues, type EntityManager, type TimeWindow, type TrendMetric } from '@rlcoach/db';
import { WIN_RATE_KEY } from '$lib/trends/metrics';

export interface TrendValue {
  id: string;
  playedAt: string;
  playlist: string | null;
  sessionId: string | null;
  /** The metric in this game; null when the game does not carry it (left out, never zero). */
  value: number | null;
}

/** A trends metric key (the catalogue's `block.field`, or the win rate) as db's metric. */
export function trendMetricOf(key: string): TrendMetric {
  return key === WIN_RATE_KEY ? { kind: 'winRate' } : { kind: 'stat', path: key };
}

/** The user's counted, dated games (in `window` when given), oldest first, with the metric's value. */
export async function loadTrendValues(
  em: EntityManager,
  userId: string,
  metricKey: string,
  window?: TimeWindow,
): Promise<TrendValue[]> {
  const rows = await listTrendValues(em, userId, trendMetricOf(metricKey), window);
  return rows.map((r) => ({
    id: r.replayId,
    playedAt: r.playedAt.toISOString(),
    playlist: r.playlist,
    sessionId: r.sessionId,
    value: r.value,
  }));
}

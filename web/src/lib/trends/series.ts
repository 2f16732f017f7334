/**
 * Trend series (product brief §7): one metric over time, by play session, by day/week/month in the
 * user's time zone, or by replay. Points average the replays they hold; replays without the metric
 * are left out (never counted as zero).
 */
import type { Direction } from '$lib/stats/catalogue';

export type TrendAxis = 'session' | 'day' | 'week' | 'month' | 'replay';
export const TREND_AXES: readonly TrendAxis[] = ['session', 'day', 'week', 'month', 'replay'];

export interface TrendInput {
  replayId: string;
  playedAt: string;
  sessionId: string | null;
  value: number | null;
}

export interface TrendPoint {
  /** Bucket key (session id, YYYY-MM-DD, week start, YYYY-MM, replay id). */
  key: string;
  label: string;
  value: number;
  /** Replays averaged into this point. */
  count: number;
  /** Where the point links: a session or a replay. */
  href: string | null;
  /** First replay time in the bucket (ISO), for ordering. */
  at: string;
}

export interface TrendSummary {
  current: number | null;
  average: number | null;
  best: number | null;
  worst: number | null;
}

/** Formatters per time zone and kind: building an Intl.DateTimeFormat costs far more than using one. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: 'date' | 'time', timeZone: string): Intl.DateTimeFormat {
  const key = `${kind}|${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    f =
      kind === 'date'
        ? new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
        : new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' });
    formatters.set(key, f);
  }
  return f;
}

/** Calendar parts of an instant in a time zone. */
function zonedParts(iso: string, timeZone: string): { y: number; m: number; d: number } {
  const parts = formatter('date', timeZone)
    .formatToParts(new Date(iso))
    .reduce<Record<string, string>>((acc, p) => ((acc[p.type] = p.value), acc), {});
  return { y: Number(parts.year), m: Number(parts.month), d: Number(parts.day) };
}

const pad = (n: number): string => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function bucketOf(
  p: TrendInput,
  axis: TrendAxis,
  timeZone: string,
): { key: string; label: string; href: string | null } {
  const { y, m, d } = zonedParts(p.playedAt, timeZone);
  switch (axis) {
    case 'replay':
      return {
        key: p.replayId,
        label: `${d} ${MONTHS[m - 1]} ${formatTime(p.playedAt, timeZone)}`,
        href: `/replays/${p.replayId}`,
      };
    case 'session':
      return {
        key: p.sessionId ?? `replay:${p.replayId}`,
        label: `${d} ${MONTHS[m - 1]} ${formatTime(p.playedAt, timeZone)}`,
        href: p.sessionId ? `/sessions/${p.sessionId}` : `/replays/${p.replayId}`,
      };
    case 'day':
      return { key: `${y}-${pad(m)}-${pad(d)}`, label: `${d} ${MONTHS[m - 1]} ${y}`, href: null };
    case 'week': {
      // ISO week starting Monday, computed on the zoned calendar date.
      const date = new Date(Date.UTC(y, m - 1, d));
      const dow = (date.getUTCDay() + 6) % 7;
      date.setUTCDate(date.getUTCDate() - dow);
      return {
        key: date.toISOString().slice(0, 10),
        label: `Week of ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`,
        href: null,
      };
    }
    case 'month':
      return { key: `${y}-${pad(m)}`, label: `${MONTHS[m - 1]} ${y}`, href: null };
  }
}

function formatTime(iso: string, timeZone: string): string {
  return formatter('time', timeZone).format(new Date(iso));
}

export function buildTrend(inputs: readonly TrendInput[], axis: TrendAxis, timeZone = 'UTC'): TrendPoint[] {
  const buckets = new Map<string, TrendPoint & { sum: number }>();
  const sorted = inputs
    .filter((p) => p.value !== null && Number.isFinite(p.value))
    .sort((a, b) => a.playedAt.localeCompare(b.playedAt));
  for (const p of sorted) {
    const b = bucketOf(p, axis, timeZone);
    const cur = buckets.get(b.key);
    if (cur) {
      cur.sum += p.value!;
      cur.count++;
      cur.value = cur.sum / cur.count;
    } else buckets.set(b.key, { ...b, value: p.value!, sum: p.value!, count: 1, at: p.playedAt });
  }
  const points = [...buckets.values()]
    .sort((a, b) => a.at.localeCompare(b.at))
    .map(({ sum: _sum, ...point }) => point);
  return axis === 'session' || axis === 'replay' ? withYears(points, timeZone) : points;
}

/**
 * Session and replay labels are "7 Feb 20:15"; when the points span more than one calendar year
 * the year joins every label ("7 Feb 2021 20:15"), so an axis never reads as one year when it is
 * two; within one year only the first label carries it, so even a one-game axis names its year.
 */
function withYears(points: TrendPoint[], timeZone: string): TrendPoint[] {
  const years = points.map((p) => zonedParts(p.at, timeZone).y);
  const oneYear = new Set(years).size <= 1;
  return points.map((p, i) =>
    oneYear && i > 0 ? p : { ...p, label: p.label.replace(/^(\d+ \w{3}) /, `$1 ${years[i]} `) },
  );
}

export function summarizeTrend(points: readonly TrendPoint[], better: Direction): TrendSummary {
  if (points.length === 0) return { current: null, average: null, best: null, worst: null };
  const values = points.map((p) => p.value);
  const max = Math.max(...values);
  const min = Math.min(...values);
  const totalCount = points.reduce((n, p) => n + p.count, 0);
  return {
    current: values[values.length - 1]!,
    // Weighted by replays, so a one-game session does not count as much as a ten-game one.
    average: points.reduce((s, p) => s + p.value * p.count, 0) / totalCount,
    best: better === 'lower' ? min : better === 'higher' ? max : null,
    worst: better === 'lower' ? max : better === 'higher' ? min : null,
  };
}

/** Keep replays played within the last `days` days of `now` (null = all). */
export function withinPeriod<T extends { playedAt: string }>(
  items: readonly T[],
  days: number | null,
  now = Date.now(),
): T[] {
  if (days === null) return [...items];
  const from = now - days * 86_400_000;
  return items.filter((i) => Date.parse(i.playedAt) >= from);
}

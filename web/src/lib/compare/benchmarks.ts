/**
 * Rank and self comparison (product brief §8, §9). Benchmarks are the published ESTIMATES in
 * rank-benchmarks.estimates.json (ranked doubles, Champion II to Supersonic Legend): every view
 * that shows them labels them "published estimate".
 */
import estimates from './rank-benchmarks.estimates.json';
import { formatMetric, metric, type Direction, type Unit } from '$lib/stats/catalogue';
import { RANK_LADDER } from './rank-ladder';

export interface BenchmarkBand {
  median: number;
  p25: number;
  p75: number;
  elite: number | null;
}

export interface BenchmarkMetric {
  key: string;
  label: string;
  better: Direction;
  ranks: Record<string, BenchmarkBand>;
}

export interface BenchmarkSet {
  status: 'estimate';
  playlist: string;
  note: string;
  ranks: string[];
  metrics: BenchmarkMetric[];
}

/** "median (p25–p75)", as Compare and the Home hero show an estimate's band. */
export function formatBand(b: Pick<BenchmarkBand, 'median' | 'p25' | 'p75'>, unit: Unit): string {
  return `${formatMetric(b.median, unit)} (${formatMetric(b.p25, unit)}–${formatMetric(b.p75, unit)})`;
}

/** Display names for every rank key (the whole ladder, not only the estimates' ranks). */
export const RANK_NAMES: Record<string, string> = Object.fromEntries(RANK_LADDER.map((r) => [r.key, r.name]));

interface RawMetric {
  block: string;
  key: string;
  ranks: Record<string, { median: number; p25: number; p75: number; elite: number | null }>;
}

export function loadBenchmarks(raw: unknown = estimates): BenchmarkSet {
  const r = raw as { status: string; playlist: string; note: string; ranks: string[]; metrics: RawMetric[] };
  if (r.status !== 'estimate') throw new Error('benchmark file must be labelled as estimates');
  return {
    status: 'estimate',
    playlist: r.playlist,
    note: r.note,
    ranks: r.ranks,
    metrics: r.metrics.map((m) => {
      const key = `${m.block}.${m.key}`;
      const first = Object.values(m.ranks)[0];
      // The file marks lower-is-better metrics by an elite value below the median.
      const better: Direction =
        first && first.elite !== null && first.elite < first.median ? 'lower' : 'higher';
      return { key, label: metric(key)?.label ?? m.key, better, ranks: m.ranks };
    }),
  };
}

export type Verdict = 'better' | 'on par' | 'worse' | 'not enough data';

/** Within ±5 % of the reference counts as on par; otherwise the metric's direction decides. */
export function verdict(you: number | null, reference: number | null, better: Direction): Verdict {
  if (you === null || reference === null) return 'not enough data';
  if (better === 'neutral') return 'on par';
  const tolerance = Math.abs(reference) * 0.05;
  if (Math.abs(you - reference) <= tolerance) return 'on par';
  const higher = you > reference;
  return higher === (better === 'higher') ? 'better' : 'worse';
}

export interface RankRow {
  key: string;
  label: string;
  you: number | null;
  band: BenchmarkBand | null;
  next: BenchmarkBand | null;
  vsRank: Verdict;
  vsNext: Verdict;
}

export function nextRank(set: BenchmarkSet, rank: string): string | null {
  const i = set.ranks.indexOf(rank);
  return i >= 0 && i + 1 < set.ranks.length ? set.ranks[i + 1]! : null;
}

/** The user's per-game averages against their rank's and the next rank's medians. */
export function compareToRank(
  set: BenchmarkSet,
  averages: Record<string, number | null>,
  rank: string,
  games: number,
  minGames = 3,
): RankRow[] {
  const next = nextRank(set, rank);
  return set.metrics.map((m) => {
    const you = games >= minGames ? (averages[m.key] ?? null) : null;
    const band = m.ranks[rank] ?? null;
    const nextBand = next ? (m.ranks[next] ?? null) : null;
    return {
      key: m.key,
      label: m.label,
      you,
      band,
      next: nextBand,
      vsRank: verdict(you, band?.median ?? null, m.better),
      vsNext: verdict(you, nextBand?.median ?? null, m.better),
    };
  });
}

/** Mean of each key over the replays that have it; null where none has it. */
export function averagesOf(
  rows: ReadonlyArray<Record<string, number | null>>,
  keys: readonly string[],
): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const k of keys) {
    const vals = rows
      .map((r) => r[k])
      .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    out[k] = vals.length ? vals.reduce((a, b) => a + b, 0) / vals.length : null;
  }
  return out;
}

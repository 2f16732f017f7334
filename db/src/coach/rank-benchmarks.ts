/**
 * The rank benchmarks the coach may quote: the published ESTIMATES of
 * /shared/data/rank-benchmarks.estimates.json (ranked doubles, Champion II to Supersonic Legend;
 * web's Compare page ships the same file). Never measurements: every answer carries the label.
 */
import estimates from '../data/rank-benchmarks.estimates.json' with { type: 'json' };

export interface RankBand {
  median: number;
  p25: number;
  p75: number;
  elite: number | null;
}

export interface RankBenchmarkMetric {
  /** `block.key`, the report's stats path ("boost.bcpm"). */
  key: string;
  label: string;
  unit: string;
  /** Lower is better where the file's elite value sits below the median. */
  better: 'higher' | 'lower';
  ranks: Record<string, RankBand>;
}

export interface RankBenchmarks {
  /** Always `published estimate`: say so whenever a figure is shown. */
  label: 'published estimate';
  playlist: string;
  note: string;
  ranks: string[];
  metrics: RankBenchmarkMetric[];
}

interface RawFile {
  status: string;
  playlist: string;
  note: string;
  ranks: string[];
  metrics: Array<{
    block: string;
    key: string;
    label: string;
    unit: string;
    ranks: Record<string, RankBand>;
  }>;
}

export function loadRankBenchmarks(raw: unknown = estimates): RankBenchmarks {
  const r = raw as RawFile;
  if (r.status !== 'estimate') throw new Error('the rank benchmark file must be labelled as estimates');
  return {
    label: 'published estimate',
    playlist: r.playlist,
    note: r.note,
    ranks: r.ranks,
    metrics: r.metrics.map((m) => {
      const first = Object.values(m.ranks)[0];
      const lower = first !== undefined && first.elite !== null && first.elite < first.median;
      return {
        key: `${m.block}.${m.key}`,
        label: m.label,
        unit: m.unit,
        better: lower ? 'lower' : 'higher',
        ranks: Object.fromEntries(
          Object.entries(m.ranks).map(([k, b]) => [
            k,
            { median: b.median, p25: b.p25, p75: b.p75, elite: b.elite },
          ]),
        ),
      };
    }),
  };
}

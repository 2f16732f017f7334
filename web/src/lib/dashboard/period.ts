/**
 * The period Compare and Trends show, as it travels in the URL (`?period=last30`,
 * `?period=custom&from=2025-09-01&to=2025-09-30`, `?period=season&season=s20`). No `period` means
 * "the default": db picks the shortest preset holding games, else all time.
 */
import type { PeriodChoice, StatPeriod, StatPeriodKey } from '@rlcoach/db';

export const PERIOD_LABELS: Record<StatPeriodKey, string> = {
  last7: 'Last 7 days',
  last30: 'Last 30 days',
  last90: 'Last 90 days',
  season: 'Season',
  all: 'All time',
  custom: 'Custom',
};

/** The choice in the URL, or null for the default. Unknown keys are refused as the default. */
export function periodChoiceFrom(params: URLSearchParams): PeriodChoice | null {
  const key = params.get('period');
  if (key === 'last7' || key === 'last30' || key === 'last90' || key === 'all') return { key };
  if (key === 'custom') return { key, from: params.get('from') ?? '', to: params.get('to') ?? '' };
  if (key === 'season') return { key, season: params.get('season') ?? '' };
  return null;
}

/** What the page needs of a resolved period (dates as ISO strings, for the browser). */
export interface PeriodView {
  key: StatPeriodKey;
  isDefault: boolean;
  label: string;
  custom: { from: string; to: string } | null;
  counts: StatPeriod['counts'];
  /** The season shown (its id), when the period is one. */
  season: string | null;
  /** Seasons holding the player's games, newest first, with their game counts. */
  seasons: StatPeriod['seasons'];
  games: number;
  hasPrevious: boolean;
  /** Shown when the asked custom range was refused (the default is shown instead). */
  error: string | null;
}

export function periodView(p: StatPeriod, error: string | null = null): PeriodView {
  return {
    key: p.key,
    isDefault: p.isDefault,
    label:
      p.key === 'custom' && p.custom
        ? `${p.custom.from} to ${p.custom.to}`
        : p.season
          ? p.season.label
          : PERIOD_LABELS[p.key],
    custom: p.custom,
    counts: p.counts,
    season: p.season?.id ?? null,
    seasons: p.seasons,
    games: p.games,
    hasPrevious: p.previous !== null,
    error,
  };
}

/** The page's URL with another period (other parameters, such as the mode or metric, kept). */
export function periodHref(url: URL, key: Exclude<StatPeriodKey, 'custom' | 'season'>): string {
  const next = new URLSearchParams(url.searchParams);
  next.set('period', key);
  next.delete('from');
  next.delete('to');
  next.delete('season');
  return `?${next.toString()}`;
}

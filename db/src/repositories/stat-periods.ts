/**
 * The period Compare and Trends read: last 7 / 30 / 90 days, a competitive season (seasons.ts), all
 * time or a custom range of calendar days in the user's time zone. Without a choice the default is
 * the shortest preset that holds any of the user's counted, dated games, else all time: a player
 * whose games are all older than 90 days still sees them.
 *
 * Windows are half-open [from, to); a null bound is open. Each period but all time has a previous
 * window of the same length just before it, for "this period vs the previous one".
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { MINE, SUMMARY_FROM } from './summary-list-row.js';
import { sqlAll } from './sql-exec.js';
import { SEASONS, previousSeason, seasonById, seasonWindow } from './seasons.js';

export const PRESET_PERIOD_DAYS = { last7: 7, last30: 30, last90: 90 } as const;
export type PresetPeriodKey = keyof typeof PRESET_PERIOD_DAYS;
export type StatPeriodKey = PresetPeriodKey | 'season' | 'all' | 'custom';
export const STAT_PERIOD_KEYS: readonly StatPeriodKey[] = [
  'last7',
  'last30',
  'last90',
  'season',
  'all',
  'custom',
];

/** What the player picked; custom days are `YYYY-MM-DD`, both included; a season by its id ("s20"). */
export type PeriodChoice =
  | { key: PresetPeriodKey | 'all' }
  | { key: 'custom'; from: string; to: string }
  | { key: 'season'; season: string };

/** A season the player has counted games in, for the picker. */
export interface SeasonCount {
  id: string;
  label: string;
  games: number;
}

export interface TimeWindow {
  from: Date | null;
  to: Date | null;
}

export interface StatPeriod {
  key: StatPeriodKey;
  /** True when no choice was given and the default was picked. */
  isDefault: boolean;
  current: TimeWindow;
  /** The window of the same length just before; null for all time. */
  previous: TimeWindow | null;
  /** The custom range as asked (days in the user's time zone). */
  custom: { from: string; to: string } | null;
  /** Counted, dated games per preset window and in all time (what the picker shows). */
  counts: Record<PresetPeriodKey | 'all', number>;
  /** Counted, dated games in the current window. */
  games: number;
  /** The season shown, when the period is one. */
  season: { id: string; label: string } | null;
  /** Seasons holding counted games, newest first. */
  seasons: SeasonCount[];
}

/** A custom range that is not two real days in order. */
export class PeriodChoiceError extends Error {
  override readonly name = 'PeriodChoiceError';
}

const DAY_MS = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function isCalendarDay(s: string): boolean {
  return ISO_DAY.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
}

/** Checks a custom range or a season (throws PeriodChoiceError); presets pass through. */
export function validatePeriodChoice(choice: PeriodChoice): PeriodChoice {
  if (choice.key === 'season') {
    if (!seasonById(choice.season)) throw new PeriodChoiceError('There is no such season.');
    return choice;
  }
  if (choice.key !== 'custom') return choice;
  if (!isCalendarDay(choice.from) || !isCalendarDay(choice.to))
    throw new PeriodChoiceError('A custom period needs two dates (YYYY-MM-DD).');
  if (choice.from > choice.to) throw new PeriodChoiceError('The period must start on or before its end.');
  return choice;
}

/** The shortest preset holding games, else all time. */
export function defaultPeriodKey(counts: StatPeriod['counts']): PresetPeriodKey | 'all' {
  for (const key of Object.keys(PRESET_PERIOD_DAYS) as PresetPeriodKey[]) if (counts[key] > 0) return key;
  return 'all';
}

/** Games in [from, to) as SQL, for reads that filter by a window (`s` = replay_summaries). */
export function windowSql(w: TimeWindow): { sql: string; params: Date[] } {
  const parts: string[] = [];
  const params: Date[] = [];
  if (w.from) {
    parts.push('s.played_at >= ?');
    params.push(w.from);
  }
  if (w.to) {
    parts.push('s.played_at < ?');
    params.push(w.to);
  }
  return { sql: parts.map((p) => ` and ${p}`).join(''), params };
}

/**
 * Resolve the player's choice (or the default) into windows, with the game counts the picker
 * shows. Custom days become instants at midnight in `timeZone` (Postgres does the zone rules).
 */
export async function resolveStatPeriod(
  em: EntityManager,
  userId: string,
  choice: PeriodChoice | null,
  { now = new Date(), timeZone = 'UTC' }: { now?: Date; timeZone?: string } = {},
): Promise<StatPeriod> {
  const asked = choice ? validatePeriodChoice(choice) : null;
  const custom = asked?.key === 'custom' ? asked : null;
  const presets = Object.entries(PRESET_PERIOD_DAYS).map(
    ([key]) =>
      `(count(*) filter (where s.played_at >= ?::timestamptz - (? * interval '1 day')))::int as ${key}`,
  );
  const presetParams = Object.values(PRESET_PERIOD_DAYS).flatMap((days) => [now, days]);
  const customSql = custom
    ? `, ((?::date)::timestamp at time zone ?) as custom_from,
         (((?::date) + 1)::timestamp at time zone ?) as custom_to`
    : '';
  const customParams = custom ? [custom.from, timeZone, custom.to, timeZone] : [];
  const seasonSql = SEASONS.map(
    (_, i) =>
      `, (count(*) filter (where s.played_at >= ? and (?::timestamptz is null or s.played_at < ?)))::int as season_${i}`,
  ).join('');
  const seasonParams = SEASONS.flatMap((season) => {
    const w = seasonWindow(season);
    return [w.from, w.to, w.to];
  });
  const [row] = await sqlAll<
    Record<PresetPeriodKey | 'all', number> & {
      custom_from?: Date | string;
      custom_to?: Date | string;
    } & Record<`season_${number}`, number>
  >(
    em,
    `select ${presets.join(', ')}, count(*)::int as "all"${customSql}${seasonSql}
     ${SUMMARY_FROM} where s.user_id = ? and ${MINE} and s.played_at is not null`,
    [...presetParams, ...customParams, ...seasonParams, userId],
  );
  const seasons: SeasonCount[] = SEASONS.map((season, i) => ({
    id: season.id,
    label: season.label,
    games: row?.[`season_${i}`] ?? 0,
  }))
    .filter((s) => s.games > 0)
    .reverse();
  const counts = {
    last7: row?.last7 ?? 0,
    last30: row?.last30 ?? 0,
    last90: row?.last90 ?? 0,
    all: row?.all ?? 0,
  };
  const key = asked?.key ?? defaultPeriodKey(counts);
  const base = {
    key,
    isDefault: asked === null,
    counts,
    custom: custom && { from: custom.from, to: custom.to },
    season: null,
    seasons,
  };
  if (asked?.key === 'season') {
    const season = seasonById(asked.season)!;
    const current = seasonWindow(season);
    const before = previousSeason(season);
    return {
      ...base,
      season: { id: season.id, label: season.label },
      current,
      previous: before ? seasonWindow(before) : null,
      games: seasons.find((s) => s.id === season.id)?.games ?? 0,
    };
  }
  if (key === 'all') return { ...base, current: { from: null, to: null }, previous: null, games: counts.all };
  if (key === 'custom') {
    const from = new Date(row!.custom_from!);
    const to = new Date(row!.custom_to!);
    const length = to.getTime() - from.getTime();
    const current = { from, to };
    return {
      ...base,
      current,
      previous: { from: new Date(from.getTime() - length), to: from },
      games: await countGames(em, userId, current),
    };
  }
  const preset = key as PresetPeriodKey; // all, custom and season returned above
  const length = PRESET_PERIOD_DAYS[preset] * DAY_MS;
  const from = new Date(now.getTime() - length);
  return {
    ...base,
    current: { from, to: null },
    previous: { from: new Date(from.getTime() - length), to: from },
    games: counts[preset],
  };
}

async function countGames(em: EntityManager, userId: string, w: TimeWindow): Promise<number> {
  const win = windowSql(w);
  const [row] = await sqlAll<{ n: number }>(
    em,
    `select count(*)::int as n ${SUMMARY_FROM} where s.user_id = ? and ${MINE} and s.played_at is not null${win.sql}`,
    [userId, ...win.params],
  );
  return row?.n ?? 0;
}

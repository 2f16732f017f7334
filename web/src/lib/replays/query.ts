/**
 * The replays list query (product brief §3): filter by playlist, result, map, date range and play
 * session, sort by a column, one page at a time. URL search params in, a validated query out;
 * the database runs it (server/dashboard/replay-page.ts).
 */
import type { DashboardReplay } from '$lib/dashboard/types';
import type { MatchWhen, TeamRosters } from '$lib/format/match-labels';

/** A list row, with the match time's source and the players, labelled as the upload card labels them. */
export interface ListedReplay extends DashboardReplay {
  when: MatchWhen;
  rosters: TeamRosters;
}

export const PAGE_SIZE = 25;
export const SORTS = ['date', 'map', 'playlist', 'result', 'length'] as const;
export type SortKey = (typeof SORTS)[number];
export const RESULT_FILTERS = ['win', 'loss', 'draw', 'unknown'] as const;
export type ResultFilter = (typeof RESULT_FILTERS)[number];

export interface ReplayQuery {
  /** Playlist label; matched case-insensitively. */
  playlist: string | null;
  result: ResultFilter | null;
  /** Arena name; matched case-insensitively. */
  map: string | null;
  /** YYYY-MM-DD, inclusive, on the match day in the user's time zone. */
  from: string | null;
  to: string | null;
  /** Stored play session id. */
  session: string | null;
  sort: SortKey;
  dir: 'asc' | 'desc';
  page: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const SESSION_ID = /^s[0-9a-z]{1,15}$/;
const MAX_TEXT = 96;

/** Read a query from URL params; anything unknown falls back to the default instead of failing. */
export function parseQuery(params: URLSearchParams): ReplayQuery {
  const text = (k: string) => {
    const v = params.get(k)?.trim();
    return v ? v.slice(0, MAX_TEXT) : null;
  };
  const lower = (k: string) => text(k)?.toLowerCase() ?? null;
  const sort = lower('sort');
  const result = lower('result');
  const session = lower('session');
  const page = Number(params.get('page') ?? '1');
  const date = (k: string) => {
    const v = params.get(k);
    return v && DATE.test(v) && !Number.isNaN(Date.parse(v)) ? v : null;
  };
  return {
    playlist: text('playlist'),
    // One spelling for enums (lesson 30): "WIN", "Win" and "win" are the same filter.
    result: (RESULT_FILTERS as readonly string[]).includes(result ?? '') ? (result as ResultFilter) : null,
    map: text('map'),
    from: date('from'),
    to: date('to'),
    session: session && SESSION_ID.test(session) ? session : null,
    sort: (SORTS as readonly string[]).includes(sort ?? '') ? (sort as SortKey) : 'date',
    dir: lower('dir') === 'asc' ? 'asc' : 'desc',
    page: Number.isSafeInteger(page) && page >= 1 ? page : 1,
  };
}

export function toSearch(q: ReplayQuery, patch: Partial<ReplayQuery> = {}): string {
  const next = { ...q, ...patch };
  const p = new URLSearchParams();
  if (next.playlist) p.set('playlist', next.playlist);
  if (next.result) p.set('result', next.result);
  if (next.map) p.set('map', next.map);
  if (next.from) p.set('from', next.from);
  if (next.to) p.set('to', next.to);
  if (next.session) p.set('session', next.session);
  if (next.sort !== 'date') p.set('sort', next.sort);
  if (next.dir !== 'desc') p.set('dir', next.dir);
  if (next.page !== 1) p.set('page', String(next.page));
  const s = p.toString();
  return s ? `?${s}` : '';
}

export interface ReplayPage {
  rows: ListedReplay[];
  /** Replays matching the filters. */
  total: number;
  page: number;
  pages: number;
  /** Filter choices from the whole library. */
  playlists: string[];
  maps: string[];
  sessions: Array<{ id: string; start: string; games: number }>;
  /** Every replay the user owns. */
  libraryTotal: number;
}

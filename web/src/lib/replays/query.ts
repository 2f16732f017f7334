/**
 * The replays list query (product brief §3): filter by playlist, result, map and date range,
 * sort by a column, and paginate on the server. URL search params in, a page of rows out.
 */
import type { DashboardReplay } from '$lib/dashboard/types';

export const PAGE_SIZE = 25;
export const SORTS = ['date', 'map', 'playlist', 'result', 'length'] as const;
export type SortKey = (typeof SORTS)[number];

export interface ReplayQuery {
  playlist: string | null;
  result: 'win' | 'loss' | 'draw' | 'unknown' | null;
  map: string | null;
  /** YYYY-MM-DD, inclusive, on the match date (UTC). */
  from: string | null;
  to: string | null;
  sort: SortKey;
  dir: 'asc' | 'desc';
  page: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Read a query from URL params; anything unknown falls back to the default instead of failing. */
export function parseQuery(params: URLSearchParams): ReplayQuery {
  const sort = params.get('sort');
  const result = params.get('result');
  const page = Number(params.get('page') ?? '1');
  const date = (k: string) => {
    const v = params.get(k);
    return v && DATE.test(v) ? v : null;
  };
  return {
    playlist: params.get('playlist') || null,
    result:
      result === 'win' || result === 'loss' || result === 'draw' || result === 'unknown' ? result : null,
    map: params.get('map') || null,
    from: date('from'),
    to: date('to'),
    sort: (SORTS as readonly string[]).includes(sort ?? '') ? (sort as SortKey) : 'date',
    dir: params.get('dir') === 'asc' ? 'asc' : 'desc',
    page: Number.isInteger(page) && page >= 1 ? page : 1,
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
  if (next.sort !== 'date') p.set('sort', next.sort);
  if (next.dir !== 'desc') p.set('dir', next.dir);
  if (next.page !== 1) p.set('page', String(next.page));
  const s = p.toString();
  return s ? `?${s}` : '';
}

const RESULT_ORDER = { win: 0, draw: 1, loss: 2 } as const;

function compare(a: DashboardReplay, b: DashboardReplay, key: SortKey): number {
  switch (key) {
    case 'date':
      return (a.playedAt ?? '').localeCompare(b.playedAt ?? '');
    case 'map':
      return a.mapName.localeCompare(b.mapName);
    case 'playlist':
      return (a.playlist ?? '').localeCompare(b.playlist ?? '');
    case 'result':
      return (a.result ? RESULT_ORDER[a.result] : 3) - (b.result ? RESULT_ORDER[b.result] : 3);
    case 'length':
      return (a.durationSeconds ?? -1) - (b.durationSeconds ?? -1);
  }
}

export interface ReplayPage {
  rows: DashboardReplay[];
  total: number;
  page: number;
  pages: number;
  /** Filter choices from the whole library. */
  playlists: string[];
  maps: string[];
}

export function runQuery(all: readonly DashboardReplay[], q: ReplayQuery, pageSize = PAGE_SIZE): ReplayPage {
  const filtered = all.filter((r) => {
    if (q.playlist && r.playlist !== q.playlist) return false;
    if (q.result === 'unknown' ? r.result !== null : q.result && r.result !== q.result) return false;
    if (q.map && r.mapName !== q.map) return false;
    const day = r.playedAt?.slice(0, 10) ?? null;
    if ((q.from || q.to) && !day) return false;
    if (q.from && day! < q.from) return false;
    if (q.to && day! > q.to) return false;
    return true;
  });
  const sign = q.dir === 'asc' ? 1 : -1;
  // Stable: ties keep the library order (newest first).
  const sorted = filtered
    .map((r, i) => ({ r, i }))
    .sort((x, y) => sign * compare(x.r, y.r, q.sort) || x.i - y.i)
    .map((x) => x.r);
  const pages = Math.max(1, Math.ceil(sorted.length / pageSize));
  const page = Math.min(q.page, pages);
  return {
    rows: sorted.slice((page - 1) * pageSize, page * pageSize),
    total: sorted.length,
    page,
    pages,
    playlists: [...new Set(all.map((r) => r.playlist).filter((p): p is string => !!p))].sort(),
    maps: [...new Set(all.map((r) => r.mapName))].sort(),
  };
}

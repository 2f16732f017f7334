import { describe, expect, it } from 'vitest';
import type { DashboardReplay } from '$lib/dashboard/types';
import { parseQuery, runQuery, toSearch } from './query';

const r = (
  id: string,
  day: string | null,
  map: string,
  result: DashboardReplay['result'],
  playlist = 'Ranked Doubles',
): DashboardReplay => ({
  id,
  status: 'analysed' as DashboardReplay['status'],
  stage: 'done' as DashboardReplay['stage'],
  error: null,
  playedAt: day ? `${day}T12:00:00.000Z` : null,
  mapName: map,
  mapCode: null,
  playlist,
  teamSize: 2,
  durationSeconds: 300,
  blueGoals: 1,
  orangeGoals: 0,
  hasReport: true,
  me: null,
  result,
  uploadedAt: '2026-11-25T00:00:00.000Z',
});

const all = [
  r('a', '2026-11-20', 'DFH Stadium', 'win'),
  r('b', '2026-11-21', 'Mannfield', 'loss', 'Ranked Duel'),
  r('c', '2026-11-22', 'Beckwith Park', null),
  r('d', null, 'Aquadome', 'win'),
];

describe('replays list query', () => {
  it('parses params defensively and round-trips them', () => {
    const q = parseQuery(new URLSearchParams('sort=map&dir=asc&page=2&result=win&from=2026-11-01&to=bogus'));
    expect(q).toMatchObject({
      sort: 'map',
      dir: 'asc',
      page: 2,
      result: 'win',
      from: '2026-11-01',
      to: null,
    });
    expect(parseQuery(new URLSearchParams('sort=evil&page=-3'))).toMatchObject({ sort: 'date', page: 1 });
    expect(toSearch(q, { page: 1 })).toBe('?result=win&from=2026-11-01&sort=map&dir=asc');
  });
  it('filters by playlist, result, map and dates', () => {
    const base = parseQuery(new URLSearchParams());
    expect(runQuery(all, { ...base, playlist: 'Ranked Duel' }).rows.map((x) => x.id)).toEqual(['b']);
    expect(runQuery(all, { ...base, result: 'win' }).rows.map((x) => x.id)).toEqual(['a', 'd']);
    expect(runQuery(all, { ...base, result: 'unknown' }).rows.map((x) => x.id)).toEqual(['c']);
    expect(runQuery(all, { ...base, from: '2026-11-21', to: '2026-11-21' }).rows.map((x) => x.id)).toEqual([
      'b',
    ]);
    expect(runQuery(all, { ...base, map: 'Aquadome' }).total).toBe(1);
  });
  it('sorts and paginates on the server', () => {
    const base = parseQuery(new URLSearchParams('sort=map&dir=asc'));
    const p1 = runQuery(all, base, 2);
    expect(p1.rows.map((x) => x.id)).toEqual(['d', 'c']);
    expect(p1.pages).toBe(2);
    expect(runQuery(all, { ...base, page: 9 }, 2).page).toBe(2); // clamped
    expect(runQuery(all, parseQuery(new URLSearchParams())).rows.map((x) => x.id)).toEqual([
      'c',
      'b',
      'a',
      'd',
    ]);
    expect(p1.maps).toEqual(['Aquadome', 'Beckwith Park', 'DFH Stadium', 'Mannfield']);
  });
});

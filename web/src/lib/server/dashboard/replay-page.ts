/**
 * The replays list page: db filters, sorts and pages the stored summaries in Postgres (one page of
 * rows, never the whole library, never the report); this module turns them into the page's types.
 */
import { readReplayListPage, type EntityManager } from '@rlcoach/db';
import { fromSummaryRow } from '$lib/dashboard/summary-row';
import { PAGE_SIZE, type ReplayPage, type ReplayQuery } from '$lib/replays/query';
import { loadSessionChoices } from './summaries';

export async function loadReplayPage(
  em: EntityManager,
  userId: string,
  q: ReplayQuery,
  timeZone: string,
  pageSize = PAGE_SIZE,
): Promise<ReplayPage> {
  const page = await readReplayListPage(em, userId, q, timeZone, pageSize);
  return {
    rows: page.rows.map((r) => ({ ...fromSummaryRow(r), when: r.when, rosters: r.rosters })),
    total: page.total,
    page: page.page,
    pages: page.pages,
    playlists: page.playlists,
    maps: page.maps,
    sessions: await loadSessionChoices(em, userId),
    libraryTotal: page.libraryTotal,
  };
}

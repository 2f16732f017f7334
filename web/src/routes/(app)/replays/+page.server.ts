import { dashboardContext, LIBRARY_DEPENDENCY } from '$lib/server/dashboard/context';
import { loadReplayPage } from '$lib/server/dashboard/replay-page';
import { parseQuery } from '$lib/replays/query';
import type { PageServerLoad } from './$types';

/** Filtered, sorted and paginated in Postgres: the server reads and sends one page. */
export const load: PageServerLoad = async ({ locals, url, depends }) => {
  depends(LIBRARY_DEPENDENCY);
  const ctx = await dashboardContext(locals.user.id);
  const query = parseQuery(url.searchParams);
  const page = await loadReplayPage(ctx.em, ctx.userId, query, ctx.prefs.timeZone);
  return {
    query,
    page,
    libraryTotal: page.libraryTotal,
    timeZone: ctx.prefs.timeZone,
    title: 'Your replays',
  };
};

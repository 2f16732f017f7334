import { dashboardContext, LIBRARY_DEPENDENCY } from '$lib/server/dashboard/context';
import { loadLibrary } from '$lib/server/dashboard/library';
import { parseQuery, runQuery } from '$lib/replays/query';
import type { PageServerLoad } from './$types';

/** Filtered, sorted, paginated on the server: the browser only receives one page. */
export const load: PageServerLoad = async ({ locals, url, depends }) => {
  depends(LIBRARY_DEPENDENCY);
  const ctx = await dashboardContext(locals.user.id);
  const library = await loadLibrary(ctx.em, ctx.userId, ctx.prefs, ctx.claims);
  const query = parseQuery(url.searchParams);
  return { query, page: runQuery(library, query), libraryTotal: library.length, title: 'Your replays' };
};

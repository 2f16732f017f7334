import { dashboardContext, LIBRARY_DEPENDENCY } from '$lib/server/dashboard/context';
import { countLibrary, loadSessions } from '$lib/server/dashboard/summaries';
import type { PageServerLoad } from './$types';

/** The stored play sessions (regrouped on ingest and when the gap changes), newest first. */
export const load: PageServerLoad = async ({ locals, depends }) => {
  depends(LIBRARY_DEPENDENCY);
  const ctx = await dashboardContext(locals.user.id);
  const sessions = await loadSessions(ctx.em, ctx.userId);
  const library = await countLibrary(ctx.em, ctx.userId);
  return {
    sessions,
    gapMinutes: ctx.prefs.sessionGapMinutes,
    timeZone: ctx.prefs.timeZone,
    undated: library.undated,
    library,
  };
};

import { dashboardContext, LIBRARY_DEPENDENCY } from '$lib/server/dashboard/context';
import { loadLibrary } from '$lib/server/dashboard/library';
import { groupSessions } from '$lib/sessions/group';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, depends }) => {
  depends(LIBRARY_DEPENDENCY);
  const ctx = await dashboardContext(locals.user.id);
  const library = await loadLibrary(ctx.em, ctx.userId, ctx.prefs, ctx.claims);
  const sessions = groupSessions(library, ctx.prefs.sessionGapMinutes);
  return {
    sessions,
    gapMinutes: ctx.prefs.sessionGapMinutes,
    timeZone: ctx.prefs.timeZone,
    undated: library.filter((r) => r.playedAt === null).length,
    total: library.length,
  };
};

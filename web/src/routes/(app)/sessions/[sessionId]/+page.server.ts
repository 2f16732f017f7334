import { error } from '@sveltejs/kit';
import { dashboardContext, LIBRARY_DEPENDENCY } from '$lib/server/dashboard/context';
import { loadLibrary } from '$lib/server/dashboard/library';
import { groupSessions } from '$lib/sessions/group';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, depends }) => {
  depends(LIBRARY_DEPENDENCY);
  const ctx = await dashboardContext(locals.user.id);
  const library = await loadLibrary(ctx.em, ctx.userId, ctx.prefs, ctx.claims);
  const session = groupSessions(library, ctx.prefs.sessionGapMinutes).find((s) => s.id === params.sessionId);
  if (!session)
    error(404, { message: 'No such session (the session gap may have changed).', code: 'NOT_FOUND' });
  return { session, timeZone: ctx.prefs.timeZone };
};

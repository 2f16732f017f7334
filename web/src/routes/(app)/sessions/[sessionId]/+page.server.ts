import { error } from '@sveltejs/kit';
import { dashboardContext, LIBRARY_DEPENDENCY } from '$lib/server/dashboard/context';
import { loadSessions } from '$lib/server/dashboard/summaries';
import type { PageServerLoad } from './$types';

const SESSION_ID = /^s[0-9a-z]{1,15}$/;

export const load: PageServerLoad = async ({ locals, params, depends }) => {
  depends(LIBRARY_DEPENDENCY);
  const ctx = await dashboardContext(locals.user.id);
  const [session] = SESSION_ID.test(params.sessionId)
    ? await loadSessions(ctx.em, ctx.userId, params.sessionId)
    : [];
  if (!session)
    error(404, { message: 'No such session (the session gap may have changed).', code: 'NOT_FOUND' });
  return { session, timeZone: ctx.prefs.timeZone };
};

import { dashboardContext, LIBRARY_DEPENDENCY } from '$lib/server/dashboard/context';
import { countLibrary, loadTrendGames } from '$lib/server/dashboard/summaries';
import type { PageServerLoad } from './$types';

/** The user's counted games with their stats blocks and stored play session (the "session" axis). */
export const load: PageServerLoad = async ({ locals, depends }) => {
  depends(LIBRARY_DEPENDENCY);
  const ctx = await dashboardContext(locals.user.id);
  const games = await loadTrendGames(ctx.em, ctx.userId);
  const { total } = await countLibrary(ctx.em, ctx.userId);
  return { games, timeZone: ctx.prefs.timeZone, total };
};

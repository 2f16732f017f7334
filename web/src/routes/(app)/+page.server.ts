import { dashboardContext, LIBRARY_DEPENDENCY } from '$lib/server/dashboard/context';
import { loadLibrary } from '$lib/server/dashboard/library';
import { homeSummary } from '$lib/dashboard/home';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, depends }) => {
  depends(LIBRARY_DEPENDENCY);
  const ctx = await dashboardContext(locals.user.id);
  const library = await loadLibrary(ctx.em, ctx.userId, ctx.prefs, ctx.claims);
  return { summary: homeSummary(library), rank: ctx.prefs.ranks.doubles ?? null };
};

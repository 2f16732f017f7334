import { dashboardContext, LIBRARY_DEPENDENCY } from '$lib/server/dashboard/context';
import { loadHome } from '$lib/server/dashboard/summaries';
import { loadHomeHero } from '$lib/server/home-hero';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, depends }) => {
  depends(LIBRARY_DEPENDENCY);
  const ctx = await dashboardContext(locals.user.id);
  // Aggregated in Postgres from the stored summaries, not from the reports.
  const summary = await loadHome(ctx.em, ctx.userId);
  const hero = await loadHomeHero(ctx);
  return { summary, rank: ctx.prefs.ranks.doubles ?? null, hero };
};

import { dashboardContext, LIBRARY_DEPENDENCY } from '$lib/server/dashboard/context';
import { countLibrary } from '$lib/server/dashboard/summaries';
import { loadTrendValues } from '$lib/server/dashboard/trend-values';
import { trendMetric } from '$lib/trends/metrics';
import type { PageServerLoad } from './$types';

/**
 * The user's counted games with the chosen metric's value only (`?metric=`, read in SQL) and their
 * stored play session (the "session" axis); axis, period and playlist are picked in the browser.
 */
export const load: PageServerLoad = async ({ locals, depends, url }) => {
  depends(LIBRARY_DEPENDENCY);
  const ctx = await dashboardContext(locals.user.id);
  const metric = trendMetric(url.searchParams.get('metric'));
  const games = await loadTrendValues(ctx.em, ctx.userId, metric.key);
  const { total } = await countLibrary(ctx.em, ctx.userId);
  return { games, metricKey: metric.key, timeZone: ctx.prefs.timeZone, total };
};

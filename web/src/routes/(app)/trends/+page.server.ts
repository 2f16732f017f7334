import { dashboardContext, LIBRARY_DEPENDENCY } from '$lib/server/dashboard/context';
import { countLibrary } from '$lib/server/dashboard/summaries';
import { loadPeriod } from '$lib/server/dashboard/period';
import { loadTrendValues } from '$lib/server/dashboard/trend-values';
import { periodView } from '$lib/dashboard/period';
import { trendMetric } from '$lib/trends/metrics';
import type { PageServerLoad } from './$types';

/**
 * The user's counted games of the picked period (`?period=`, default: the most recent one holding
 * games) with the chosen metric's value only (`?metric=`, read in SQL) and their stored play
 * session (the "session" axis); axis and playlist are picked in the browser.
 */
export const load: PageServerLoad = async ({ locals, depends, url }) => {
  depends(LIBRARY_DEPENDENCY);
  const ctx = await dashboardContext(locals.user.id);
  const metric = trendMetric(url.searchParams.get('metric'));
  const { period, error } = await loadPeriod(ctx, url);
  const games = await loadTrendValues(ctx.em, ctx.userId, metric.key, period.current);
  const library = await countLibrary(ctx.em, ctx.userId);
  return {
    games,
    metricKey: metric.key,
    timeZone: ctx.prefs.timeZone,
    period: periodView(period, error),
    library,
  };
};

/** Resolve the URL's period for Compare and Trends through db (a refused custom range → default). */
import { PeriodChoiceError, resolveStatPeriod, type StatPeriod } from '@rlcoach/db';
import type { DashboardContext } from './context';
import { periodChoiceFrom } from '$lib/dashboard/period';

export async function loadPeriod(
  ctx: DashboardContext,
  url: URL,
): Promise<{ period: StatPeriod; error: string | null }> {
  const opts = { timeZone: ctx.prefs.timeZone };
  try {
    return {
      period: await resolveStatPeriod(ctx.em, ctx.userId, periodChoiceFrom(url.searchParams), opts),
      error: null,
    };
  } catch (e) {
    if (!(e instanceof PeriodChoiceError)) throw e;
    return { period: await resolveStatPeriod(ctx.em, ctx.userId, null, opts), error: e.message };
  }
}

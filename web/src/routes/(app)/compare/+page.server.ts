import { listCountedGames } from '@rlcoach/db';
import { dashboardContext, LIBRARY_DEPENDENCY } from '$lib/server/dashboard/context';
import { countLibrary } from '$lib/server/dashboard/summaries';
import { loadPeriod } from '$lib/server/dashboard/period';
import { periodView } from '$lib/dashboard/period';
import { compareKeys, compareValues, type CompareGame } from '$lib/compare/compare-view';
import { MODES, modeOf } from '$lib/compare/modes';
import type { PeriodWindows } from '$lib/compare/self';
import type { PageServerLoad } from './$types';

/**
 * The counted games of the picked period and of the one before it (read in SQL), reduced to the
 * values Compare shows; the period defaults to the most recent one holding games.
 */
export const load: PageServerLoad = async ({ locals, depends, url }) => {
  depends(LIBRARY_DEPENDENCY);
  const ctx = await dashboardContext(locals.user.id);
  const { period, error } = await loadPeriod(ctx, url);
  const span = { from: period.previous?.from ?? period.current.from, to: period.current.to };
  const rows = await listCountedGames(ctx.em, ctx.userId, span);
  const keys = compareKeys();
  // Only the values Compare shows travel to the page, not every stats block.
  const games: CompareGame[] = rows.flatMap((r) =>
    r.playedAt
      ? [
          {
            playedAt: r.playedAt.toISOString(),
            mode: modeOf(r),
            result: r.result,
            values: compareValues(r.me, r.result, keys),
          },
        ]
      : [],
  );
  const ms = (d: Date | null) => (d ? d.getTime() : null);
  const windows: PeriodWindows = {
    current: { from: ms(period.current.from), to: ms(period.current.to) },
    previous: period.previous ? { from: ms(period.previous.from), to: ms(period.previous.to) } : null,
  };
  // Ranks per mode from the user's settings (stored under the mode key, e.g. ranks.doubles).
  const ranks = Object.fromEntries(
    MODES.flatMap((m) => (ctx.prefs.ranks[m.key] ? [[m.key, ctx.prefs.ranks[m.key]]] : [])),
  );
  const library = await countLibrary(ctx.em, ctx.userId);
  return { games, windows, period: periodView(period, error), ranks, library };
};

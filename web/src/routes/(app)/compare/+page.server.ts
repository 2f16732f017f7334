import { dashboardContext, LIBRARY_DEPENDENCY } from '$lib/server/dashboard/context';
import { loadLibrary } from '$lib/server/dashboard/summaries';
import { compareKeys, compareValues, type CompareGame } from '$lib/compare/compare-view';
import { MODES, modeOf } from '$lib/compare/modes';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, depends }) => {
  depends(LIBRARY_DEPENDENCY);
  const ctx = await dashboardContext(locals.user.id);
  const library = await loadLibrary(ctx.em, ctx.userId);
  const keys = compareKeys();
  // Only the values Compare shows travel to the page, not every stats block.
  const games: CompareGame[] = library.flatMap((r) =>
    r.me && r.playedAt
      ? [
          {
            playedAt: r.playedAt,
            mode: modeOf(r),
            result: r.result,
            values: compareValues(r.me, r.result, keys),
          },
        ]
      : [],
  );
  // Ranks per mode from the user's settings (stored under the mode key, e.g. ranks.doubles).
  const ranks = Object.fromEntries(
    MODES.flatMap((m) => (ctx.prefs.ranks[m.key] ? [[m.key, ctx.prefs.ranks[m.key]]] : [])),
  );
  return { games, ranks, total: library.length };
};

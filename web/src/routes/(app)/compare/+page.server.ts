import { dashboardContext, LIBRARY_DEPENDENCY } from '$lib/server/dashboard/context';
import { loadLibrary } from '$lib/server/dashboard/library';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, depends }) => {
  depends(LIBRARY_DEPENDENCY);
  const ctx = await dashboardContext(locals.user.id);
  const library = await loadLibrary(ctx.em, ctx.userId, ctx.prefs, ctx.claims);
  const games = library
    .filter((r) => r.me && r.playedAt)
    .map((r) => ({
      id: r.id,
      playedAt: r.playedAt!,
      playlist: r.playlist,
      teamSize: r.teamSize,
      result: r.result,
      me: { stats: r.me!.stats, mechanics: r.me!.mechanics },
    }));
  return { games, rank: ctx.prefs.ranks.doubles ?? null, total: library.length };
};

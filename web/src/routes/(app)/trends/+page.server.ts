import { dashboardContext, LIBRARY_DEPENDENCY } from '$lib/server/dashboard/context';
import { loadLibrary } from '$lib/server/dashboard/library';
import { groupSessions } from '$lib/sessions/group';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, depends }) => {
  depends(LIBRARY_DEPENDENCY);
  const ctx = await dashboardContext(locals.user.id);
  const library = await loadLibrary(ctx.em, ctx.userId, ctx.prefs, ctx.claims);
  const sessionOf = new Map<string, string>();
  for (const s of groupSessions(library, ctx.prefs.sessionGapMinutes))
    for (const m of s.matches) sessionOf.set(m.id, s.id);
  const games = library
    .filter((r) => r.me && r.playedAt)
    .map((r) => ({
      id: r.id,
      playedAt: r.playedAt!,
      playlist: r.playlist,
      sessionId: sessionOf.get(r.id) ?? null,
      me: { stats: r.me!.stats, mechanics: r.me!.mechanics },
      win: r.result === 'win' ? 1 : r.result === 'loss' ? 0 : null,
    }));
  return { games, timeZone: ctx.prefs.timeZone, total: library.length };
};

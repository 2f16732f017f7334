import { error, fail, redirect } from '@sveltejs/kit';
import { dashboardContext, LIBRARY_DEPENDENCY, requestEm } from '$lib/server/dashboard/context';
import { claimPlayer, loadReplayDetail } from '$lib/server/dashboard/library';
import { openRoom, roomsOnReplay } from '$lib/server/rooms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, depends }) => {
  depends(LIBRARY_DEPENDENCY);
  // The detail reads the report, not the summaries.
  const ctx = await dashboardContext(locals.user.id, { summaries: false });
  const detail = await loadReplayDetail(ctx.em, ctx.userId, params.id, ctx.prefs, ctx.claims);
  if (!detail) error(404, { message: 'No such replay in your account.', code: 'NOT_FOUND' });
  const rooms = await roomsOnReplay(ctx.em, ctx.userId, params.id);
  return { detail, claims: [...ctx.claims], timeZone: ctx.prefs.timeZone, rooms };
};

export const actions: Actions = {
  /** "This was me": claim one of this replay's platform ids. */
  claim: async ({ locals, params, request }) => {
    const form = await request.formData();
    const key = String(form.get('playerKey') ?? '');
    const ok = await claimPlayer(await requestEm(), locals.user.id, params.id, key);
    if (!ok) return fail(400, { message: 'That player cannot be claimed from this replay.' });
    return { claimed: key };
  },
  /** "Open a review room": a room on this replay with the caller as owner and driver. */
  openRoom: async ({ locals, params, request }) => {
    const form = await request.formData();
    const title = String(form.get('title') ?? '');
    const r = await openRoom(
      await requestEm(),
      { userId: locals.user.id, kind: locals.user.kind },
      params.id,
      title,
    );
    if (!r.ok) return fail(r.status, { message: r.message });
    redirect(303, `/rooms/${r.roomId}`);
  },
};

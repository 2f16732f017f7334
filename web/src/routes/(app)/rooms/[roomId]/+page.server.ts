import { error, fail } from '@sveltejs/kit';
import { requestEm } from '$lib/server/dashboard/context';
import { createRoomInvite, loadRoomPage, revokeRoomInvite } from '$lib/server/rooms';
import type { Actions, PageServerLoad } from './$types';

/** The room page; the route guard let only this room's members through (policy.canViewRoom). */
export const load: PageServerLoad = async ({ locals, params }) => {
  const page = await loadRoomPage(await requestEm(), locals.user.id, params.roomId);
  if (!page) error(404, { message: 'No such review room, or you are not in it.', code: 'NOT_FOUND' });
  return { page, me: { id: locals.user.id, name: locals.user.displayName } };
};

export const actions: Actions = {
  /** A new invite link (owner only: policy.canManageRoom). */
  invite: async ({ locals, params, request }) => {
    const form = await request.formData();
    const r = await createRoomInvite(
      await requestEm(),
      { userId: locals.user.id, kind: locals.user.kind },
      params.roomId,
      String(form.get('role') ?? ''),
      Number(form.get('hours') ?? 0),
    );
    return r.ok ? { invited: true } : fail(r.status, { message: r.message });
  },
  revoke: async ({ locals, params, request }) => {
    const form = await request.formData();
    const r = await revokeRoomInvite(
      await requestEm(),
      { userId: locals.user.id, kind: locals.user.kind },
      params.roomId,
      String(form.get('inviteId') ?? ''),
    );
    return r.ok ? { revoked: true } : fail(r.status, { message: r.message });
  },
};

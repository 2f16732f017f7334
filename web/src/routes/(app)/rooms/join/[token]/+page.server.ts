import { fail, redirect } from '@sveltejs/kit';
import { acceptInvite, previewInvite } from '$lib/server/rooms';
import { requestEm } from '$lib/server/dashboard/context';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => ({
  invite: await previewInvite(await requestEm(), params.token),
});

export const actions: Actions = {
  /** Joining is a POST (a link preview or prefetch never makes anyone a member). */
  default: async ({ locals, params }) => {
    const r = await acceptInvite(
      await requestEm(),
      { userId: locals.user.id, kind: locals.user.kind },
      params.token,
    );
    if (!r.ok) return fail(400, { message: r.message });
    redirect(303, `/rooms/${r.roomId}`);
  },
};

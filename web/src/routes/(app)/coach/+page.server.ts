import { fail } from '@sveltejs/kit';
import { requestEm } from '$lib/server/dashboard/context';
import { webConfig } from '$lib/server/env';
import { COACH_DEPENDENCY } from '$lib/coach/dependency';
import { deleteCoachNote, editCoachNote, loadCoachPage, NoteError } from '$lib/server/coach/page-data';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, depends }) => {
  depends(COACH_DEPENDENCY);
  const config = webConfig();
  return loadCoachPage(await requestEm(), {
    user: locals.user,
    conversationId: url.searchParams.get('c'),
    configured: config.coachConfigured,
    limits: config.coachLimits,
  });
};

export const actions: Actions = {
  /** The player corrects a note the coach saved. */
  saveNote: async ({ locals, request }) => {
    const form = await request.formData();
    try {
      await editCoachNote(await requestEm(), locals.user.id, form.get('id'), form.get('text'));
    } catch (e) {
      if (e instanceof NoteError) return fail(e.status, { noteMessage: e.message });
      throw e;
    }
    return { noteMessage: 'Note saved.' };
  },
  deleteNote: async ({ locals, request }) => {
    const form = await request.formData();
    try {
      await deleteCoachNote(await requestEm(), locals.user.id, form.get('id'));
    } catch (e) {
      if (e instanceof NoteError) return fail(e.status, { noteMessage: e.message });
      throw e;
    }
    return { noteMessage: 'Note deleted.' };
  },
};

import { fail, redirect } from '@sveltejs/kit';
import { acceptTerms } from '@rlcoach/db';
import { getOrm } from '$lib/server/services';
import { safeNext } from '$lib/server/auth/safe-next';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => ({
  next: safeNext(url.searchParams.get('next'), url.origin),
});

export const actions: Actions = {
  default: async ({ request, locals, url }) => {
    const form = await request.formData();
    if (form.get('accept') !== 'yes') return fail(400, { message: 'Please accept the terms to continue.' });
    const orm = await getOrm();
    await acceptTerms(orm.em.fork(), locals.user.id);
    redirect(303, safeNext(form.get('next'), url.origin));
  },
};

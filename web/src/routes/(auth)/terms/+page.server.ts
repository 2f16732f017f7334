import { fail, redirect } from '@sveltejs/kit';
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
    await orm.em
      .getConnection()
      .execute('update users set terms_accepted_at = now() where id = ? and terms_accepted_at is null', [
        locals.user.id,
      ]);
    redirect(303, safeNext(form.get('next'), url.origin));
  },
};

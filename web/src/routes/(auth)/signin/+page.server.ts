import { redirect } from '@sveltejs/kit';
import { devMode } from '$lib/server/auth/env-flags';
import { safeNext } from '$lib/server/auth/safe-next';
import { auth, providers } from '$lib/server/auth/instance';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
  const next = safeNext(url.searchParams.get('callbackUrl'), url.origin);
  const error = url.searchParams.get('error');
  // A signed-in visitor goes on, unless there is a sign-in error to show (e.g. a refused Steam link).
  if (locals.user && !error) redirect(303, next);
  return {
    providers: providers().shown,
    devSignIn: devMode(),
    next,
    error,
  };
};

/** Auth.js providers: the form posts providerId + redirectTo; Auth.js redirects to the provider. */
export const actions: Actions = { default: (event) => auth.signIn(event) };

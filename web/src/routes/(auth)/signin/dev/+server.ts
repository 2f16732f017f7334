/**
 * POST /signin/dev (form: name, next, optional role=admin to make that test user an operator): development-only sign-in. Without RLCOACH_DEV=1 (and always
 * in production) this route answers 404 without even loading the sign-in module (which would refuse to load).
 */
import { error, redirect } from '@sveltejs/kit';
import { devMode } from '$lib/server/auth/env-flags';
import { setSessionCookie } from '$lib/server/auth/session-cookie';
import { getOrm } from '$lib/server/services';
import { safeNext } from '$lib/server/auth/safe-next';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ request, cookies, url }) => {
  if (!devMode()) error(404, { message: 'Not found.', code: 'NOT_FOUND' });
  const { devSignIn, DEV_USER_NAME, DemoNotSeededError } = await import('$lib/server/auth/dev-sign-in');
  const form = await request.formData();
  const name = String(form.get('name') ?? '').trim();
  if (!DEV_USER_NAME.test(name))
    error(400, { message: 'Use 1–40 letters, digits, spaces, _ . or -.', code: 'BAD_REQUEST' });
  const asAdmin = form.get('role') === 'admin';
  if (asAdmin && name.toLowerCase() === 'demo')
    error(400, { message: 'The demo account is never an operator.', code: 'BAD_REQUEST' });
  let signedIn;
  try {
    signedIn = await devSignIn(await getOrm(), name, asAdmin);
  } catch (e) {
    if (e instanceof DemoNotSeededError) redirect(303, '/signin?error=DEMO_NOT_SEEDED');
    throw e;
  }
  const { session } = signedIn;
  setSessionCookie(cookies, session.sessionToken, session.expires, url.protocol === 'https:');
  redirect(303, safeNext(form.get('next'), url.origin));
};

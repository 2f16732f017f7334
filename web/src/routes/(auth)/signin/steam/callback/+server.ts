/**
 * GET /signin/steam/callback: verify the assertion with Steam, then sign in the user
 * who linked this Steam64 (creating one on first sign-in), or link it to the user
 * already signed in. The session is an ordinary database session (Auth.js' cookie).
 */
import { error, redirect } from '@sveltejs/kit';
import { providers } from '$lib/server/auth/instance';
import { SteamSignInError, verifySteamAssertion } from '$lib/server/auth/steam-openid';
import { setSessionCookie } from '$lib/server/auth/session-cookie';
import { signInWithSteam } from '$lib/server/auth/steam-account';
import { getOrm } from '$lib/server/services';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ url, cookies, locals }) => {
  const steam = providers().steam;
  if (!steam) error(404, { message: 'Steam sign-in is not enabled.', code: 'NOT_FOUND' });
  let steamId: string;
  try {
    steamId = await verifySteamAssertion(url.searchParams, {
      endpoint: steam.endpoint,
      returnTo: `${url.origin}/signin/steam/callback`,
      realm: url.origin,
    });
  } catch (e) {
    if (e instanceof SteamSignInError) redirect(303, `/signin?error=${e.code}`);
    throw e;
  }
  const outcome = await signInWithSteam(await getOrm(), steamId, locals.user?.id ?? null);
  if (outcome.kind === 'conflict') redirect(303, '/signin?error=STEAM_LINKED_ELSEWHERE');
  if (outcome.session)
    setSessionCookie(
      cookies,
      outcome.session.sessionToken,
      outcome.session.expires,
      url.protocol === 'https:',
    );
  redirect(303, '/');
};

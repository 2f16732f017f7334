/**
 * GET /signin/steam/callback: only for the browser that started this sign-in (the
 * state cookie, used up here whatever happens), then verify the assertion with
 * Steam. Signed out: sign in the user who linked this Steam64 (creating one on first
 * sign-in). Signed in: a Steam id new to the account waits for an explicit "link it"
 * on /signin/link. The session is an ordinary database session (Auth.js' cookie).
 */
import { error, redirect } from '@sveltejs/kit';
import { webConfig } from '$lib/server/env';
import { providers } from '$lib/server/auth/instance';
import { PENDING_LINK_MAX_AGE_SECONDS, setPendingLink } from '$lib/server/auth/pending-link';
import { SteamSignInError, verifySteamAssertion } from '$lib/server/auth/steam-openid';
import { setSessionCookie } from '$lib/server/auth/session-cookie';
import { signInWithSteam } from '$lib/server/auth/steam-account';
import { callbackMatchesState, takeSteamState } from '$lib/server/auth/steam-state';
import { getOrm } from '$lib/server/services';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ url, cookies, locals }) => {
  const steam = providers().steam;
  if (!steam) error(404, { message: 'Steam sign-in is not enabled.', code: 'NOT_FOUND' });
  const secure = url.protocol === 'https:';
  const expected = takeSteamState(cookies, secure);
  // Before asking Steam anything: a callback this browser did not start is refused outright.
  if (!callbackMatchesState(url.searchParams, expected)) redirect(303, '/signin?error=STEAM_STATE_MISMATCH');
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
  if (outcome.kind === 'confirm-link') {
    const link = {
      provider: 'steam' as const,
      providerAccountId: steamId,
      type: 'oauth' as const,
      userId: outcome.userId,
      reason: 'signed-in' as const,
      expiresAt: Date.now() + PENDING_LINK_MAX_AGE_SECONDS * 1000,
    };
    setPendingLink(cookies, link, webConfig().authSecret, secure);
    redirect(303, '/signin/link');
  }
  if (outcome.session)
    setSessionCookie(cookies, outcome.session.sessionToken, outcome.session.expires, secure);
  redirect(303, '/');
};

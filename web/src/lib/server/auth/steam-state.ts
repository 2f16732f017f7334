/**
 * Binds a Steam callback to the browser that started the sign-in. Steam's OpenID 2.0
 * has no state parameter of its own, so ours rides in `return_to` (which Steam signs
 * and `check_authentication` confirms) and in a short-lived HttpOnly cookie; the
 * callback accepts the assertion only when both carry the same value. A signed
 * callback URL sent to someone else's browser therefore fails before any account
 * is touched.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Cookies } from '@sveltejs/kit';

/** Long enough to sign in at Steam, short enough that a stale tab cannot replay it. */
export const STEAM_STATE_MAX_AGE_SECONDS = 10 * 60;

/** `__Host-`: https only, path `/`, no Domain, so no subdomain can plant or read it. */
export function steamStateCookieName(secure: boolean): string {
  return `${secure ? '__Host-' : ''}rlcoach.steam-state`;
}

export function newSteamState(): string {
  return randomBytes(32).toString('base64url');
}

export function steamCallbackUrl(origin: string, state: string): string {
  return `${origin}/signin/steam/callback?state=${encodeURIComponent(state)}`;
}

/** The state inside the (Steam-signed) `openid.return_to` of a callback. */
export function stateInReturnTo(returnTo: string | null): string | null {
  if (!returnTo) return null;
  try {
    return new URL(returnTo).searchParams.get('state');
  } catch {
    return null;
  }
}

/** Constant-time comparison (hashes first, so lengths never leak or throw). */
export function sameState(expected: string | undefined | null, given: string | undefined | null): boolean {
  if (!expected || !given) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

export function setSteamState(cookies: Cookies, state: string, secure: boolean): void {
  cookies.set(steamStateCookieName(secure), state, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: STEAM_STATE_MAX_AGE_SECONDS,
  });
}

/** Reads the state and clears the cookie in the same step: single use, whatever the outcome. */
export function takeSteamState(cookies: Cookies, secure: boolean): string | undefined {
  const name = steamStateCookieName(secure);
  const value = cookies.get(name);
  cookies.delete(name, { path: '/', secure, httpOnly: true, sameSite: 'lax' });
  return value;
}

/** Does this callback belong to the browser holding `expected`? Both the URL and the signed return_to must say so. */
export function callbackMatchesState(query: URLSearchParams, expected: string | undefined): boolean {
  const inUrl = sameState(expected, query.get('state'));
  const signed = sameState(expected, stateInReturnTo(query.get('openid.return_to')));
  return inUrl && signed;
}

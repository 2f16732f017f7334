/**
 * The session cookie: a signed token (same format realtime verifies) naming the
 * user. Long-lived for the cookie itself; the socket/upload token handed to the
 * browser is a separate short-lived one.
 */
import type { Cookies } from '@sveltejs/kit';
import { signSessionToken, verifySessionToken } from '@rlcoach/realtime/auth/token';
import type { UserKind } from './ports';

export const SESSION_COOKIE = 'rlcoach_session';
const COOKIE_TTL_SECONDS = 30 * 24 * 3600;
/** Re-issue the cookie once less than this is left, so active users never expire. */
const REFRESH_BELOW_SECONDS = 7 * 24 * 3600;

export interface CookieSession {
  userId: string;
  /** True when the cookie should be re-issued (close to expiry). */
  stale: boolean;
}

/** The user id from a valid cookie; an invalid or expired one counts as absent. */
export function readSession(cookies: Cookies, secret: string): CookieSession | null {
  const raw = cookies.get(SESSION_COOKIE);
  if (!raw) return null;
  const result = verifySessionToken(secret, raw);
  if (!result.ok) return null;
  return { userId: result.claims.sub, stale: result.claims.exp - Date.now() / 1000 < REFRESH_BELOW_SECONDS };
}

export function writeSession(
  cookies: Cookies,
  secret: string,
  userId: string,
  kind: UserKind,
  secure: boolean,
): void {
  const token = signSessionToken(secret, userId, { kind, ttlSeconds: COOKIE_TTL_SECONDS });
  cookies.set(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: COOKIE_TTL_SECONDS,
  });
}

/** Short-lived bearer token for the realtime service (sockets and uploads). */
export function mintClientToken(
  secret: string,
  userId: string,
  kind: UserKind,
  ttlSeconds: number,
): { token: string; expiresAt: string } {
  const token = signSessionToken(secret, userId, { kind, ttlSeconds });
  return { token, expiresAt: new Date(Date.now() + ttlSeconds * 1000).toISOString() };
}

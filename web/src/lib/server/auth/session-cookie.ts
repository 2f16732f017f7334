/**
 * The Auth.js database-session cookie. Our own flows (Steam, development sign-in)
 * create the session row themselves and set the very cookie Auth.js reads, so
 * every signed-in user, whatever the provider, is one kind of session.
 */
import type { Cookies } from '@sveltejs/kit';

/** Auth.js' names: the `__Secure-` prefix when served over https. */
export function sessionCookieName(secure: boolean): string {
  return `${secure ? '__Secure-' : ''}authjs.session-token`;
}

export function readSessionToken(cookies: Cookies, secure: boolean): string | undefined {
  return cookies.get(sessionCookieName(secure)) ?? undefined;
}

export function setSessionCookie(cookies: Cookies, token: string, expires: Date, secure: boolean): void {
  cookies.set(sessionCookieName(secure), token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    expires,
  });
}

export function clearSessionCookie(cookies: Cookies, secure: boolean): void {
  cookies.delete(sessionCookieName(secure), { path: '/', secure });
}

/**
 * A provider account waiting for its owner's "yes, link it": a provider id new to an
 * account that already exists (the user is signed in, or a verified e-mail matches)
 * is linked only after an explicit POST on /signin/link. The pending link lives in a
 * short-lived HttpOnly cookie, signed (HMAC-SHA256 with AUTH_SECRET) so the browser
 * cannot change which provider id or which user it names.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Cookies } from '@sveltejs/kit';

export const PENDING_LINK_MAX_AGE_SECONDS = 10 * 60;

export const LINKABLE_PROVIDERS = ['steam', 'discord', 'google', 'epic'] as const;
export type LinkableProvider = (typeof LINKABLE_PROVIDERS)[number];

export interface PendingLink {
  provider: LinkableProvider;
  providerAccountId: string;
  /** Auth.js account type, stored on the linked account. */
  type: 'oauth' | 'oidc';
  /** The existing rlcoach user the id would be linked to. */
  userId: string;
  /** Why that user: they were signed in, or the provider's verified e-mail is theirs (then confirming signs in). */
  reason: 'signed-in' | 'email';
  /** Epoch milliseconds. */
  expiresAt: number;
}

export function pendingLinkCookieName(secure: boolean): string {
  return `${secure ? '__Host-' : ''}rlcoach.pending-link`;
}

const mac = (secret: string, payload: string) =>
  createHmac('sha256', secret).update(`pending-link:${payload}`).digest('base64url');

export function sealPendingLink(link: PendingLink, secret: string): string {
  const payload = Buffer.from(JSON.stringify(link)).toString('base64url');
  return `${payload}.${mac(secret, payload)}`;
}

/** The link when the value is intact and unexpired, else null. */
export function openPendingLink(
  value: string | undefined,
  secret: string,
  now = Date.now(),
): PendingLink | null {
  if (!value) return null;
  const [payload, sig, ...rest] = value.split('.');
  if (!payload || !sig || rest.length > 0) return null;
  const want = Buffer.from(mac(secret, payload));
  const got = Buffer.from(sig);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return null;
  try {
    const link = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as PendingLink;
    if (!LINKABLE_PROVIDERS.includes(link.provider) || typeof link.providerAccountId !== 'string')
      return null;
    if (link.type !== 'oauth' && link.type !== 'oidc') return null;
    if (link.reason !== 'signed-in' && link.reason !== 'email') return null;
    if (typeof link.userId !== 'string' || !(link.expiresAt > now)) return null;
    return link;
  } catch {
    return null;
  }
}

/** The Set-Cookie value, for responses SvelteKit's `cookies` does not reach (Auth.js' own). */
export function pendingLinkSetCookie(link: PendingLink, secret: string, secure: boolean): string {
  const value = sealPendingLink(link, secret);
  return `${pendingLinkCookieName(secure)}=${value}; Path=/; Max-Age=${PENDING_LINK_MAX_AGE_SECONDS}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

export function setPendingLink(cookies: Cookies, link: PendingLink, secret: string, secure: boolean): void {
  cookies.set(pendingLinkCookieName(secure), sealPendingLink(link, secret), {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: PENDING_LINK_MAX_AGE_SECONDS,
  });
}

export function readPendingLink(cookies: Cookies, secret: string, secure: boolean): PendingLink | null {
  return openPendingLink(cookies.get(pendingLinkCookieName(secure)), secret);
}

export function clearPendingLink(cookies: Cookies, secure: boolean): void {
  cookies.delete(pendingLinkCookieName(secure), { path: '/', secure, httpOnly: true, sameSite: 'lax' });
}

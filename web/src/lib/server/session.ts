/**
 * The short-lived bearer token the browser hands to the realtime service (sockets and
 * uploads). It names the database session it was minted for, so realtime re-checks
 * that session in Postgres on every connect and upload, and signing out revokes it.
 */
import { signSessionToken } from '@rlcoach/db/contracts/session-token';
import type { UserKind } from './ports';

export function mintClientToken(
  secret: string,
  userId: string,
  kind: UserKind,
  sessionId: string,
  ttlSeconds: number,
): { token: string; expiresAt: string } {
  const token = signSessionToken(secret, userId, { kind, ttlSeconds, sessionId });
  return { token, expiresAt: new Date(Date.now() + ttlSeconds * 1000).toISOString() };
}

/**
 * Invite links of review rooms: `<room id>.<invite id>.<base64url HMAC-SHA256>`, signed with the
 * session secret (web mints the link, realtime redeems it) under its own signing context. The
 * signature makes ids unguessable and tamper-evident; expiry and revocation live on the invite row
 * (room-repository.ts redeemInvite), so the owner can revoke a link already sent.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const SIGNING_CONTEXT = 'rlcoach.room-invite.v1.';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface InviteClaims {
  roomId: string;
  inviteId: string;
}

function mac(secret: string, roomId: string, inviteId: string): Buffer {
  if (typeof secret !== 'string' || secret.length < 16)
    throw new TypeError('invite secret must be a string of at least 16 characters');
  return createHmac('sha256', secret).update(SIGNING_CONTEXT).update(`${roomId}.${inviteId}`).digest();
}

export function signInviteToken(secret: string, claims: InviteClaims): string {
  return `${claims.roomId}.${claims.inviteId}.${mac(secret, claims.roomId, claims.inviteId).toString('base64url')}`;
}

/** The ids a token names when its signature is ours; null for anything else. */
export function verifyInviteToken(secret: string, token: unknown): InviteClaims | null {
  if (typeof token !== 'string' || token.length > 400) return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [roomId, inviteId, sig] = parts as [string, string, string];
  if (!UUID.test(roomId) || !UUID.test(inviteId) || !/^[A-Za-z0-9_-]+$/.test(sig)) return null;
  const expected = mac(secret, roomId, inviteId);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { roomId, inviteId };
}

/**
 * Our signed session token, shared by realtime (sockets, upload API) and web
 * (which mints it). Format: `<base64url(JSON claims)>.<base64url(HMAC-SHA256)>`.
 * Dependency-free on purpose (node:crypto only) so any package can import it.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

/**
 * Who the token speaks for; mirrors db's UserKind (a throwaway guest, the seeded
 * demo/dev identity, a member account). Spelled out here to stay dependency-free.
 */
export type SessionKind = 'guest' | 'demo' | 'member';
const KINDS: readonly SessionKind[] = ['guest', 'demo', 'member'];

export interface SessionClaims {
  /** User id (uuid of the users row). */
  sub: string;
  kind: SessionKind;
  /** Issued at, seconds since the epoch. */
  iat: number;
  /** Expires at, seconds since the epoch. */
  exp: number;
  /** Unique token id, so a token can be revoked later without touching the others. */
  jti: string;
  /**
   * Database session (sessions.id) the token was minted for. Realtime looks it up on
   * every connect and upload, so signing out (deleting the session) revokes the token.
   */
  sid?: string;
}

export type VerifyResult =
  | { ok: true; claims: SessionClaims }
  | { ok: false; reason: 'expired'; claims: SessionClaims }
  | { ok: false; reason: 'invalid' };

/** Sign-in tokens live at most 15 minutes so a downgrade or ban takes effect quickly (brief §12). */
export const DEFAULT_TOKEN_TTL_SECONDS = 15 * 60;
/** Tolerated clock drift between the minting and the verifying process. */
const CLOCK_SKEW_SECONDS = 60;
/** Domain separation: a signature made for another purpose with the same secret never verifies here. */
const SIGNING_CONTEXT = 'rlcoach.session.v1.';

export interface SignOptions {
  kind?: SessionKind;
  ttlSeconds?: number;
  /** Override "now" (seconds), for tests and for re-issuing with a fixed clock. */
  now?: number;
  /** The database session this token speaks for (see SessionClaims.sid). */
  sessionId?: string;
}

export function signSessionToken(secret: string, userId: string, options: SignOptions = {}): string {
  assertSecret(secret);
  if (!userId) throw new TypeError('signSessionToken: userId is required');
  const ttl = options.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
  if (!Number.isFinite(ttl) || ttl <= 0) throw new TypeError('signSessionToken: ttlSeconds must be > 0');
  const iat = Math.floor(options.now ?? Date.now() / 1000);
  const claims: SessionClaims = {
    sub: userId,
    kind: options.kind ?? 'member',
    iat,
    exp: iat + Math.floor(ttl),
    jti: randomUUID(),
  };
  if (options.sessionId !== undefined) {
    if (!options.sessionId) throw new TypeError('signSessionToken: sessionId must not be empty');
    claims.sid = options.sessionId;
  }
  const payload = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
  return `${payload}.${sign(secret, payload).toString('base64url')}`;
}

export function verifySessionToken(
  secret: string,
  token: unknown,
  now: number = Date.now() / 1000,
): VerifyResult {
  assertSecret(secret);
  if (typeof token !== 'string' || token.length > 4096) return { ok: false, reason: 'invalid' };
  const parts = token.split('.');
  if (parts.length !== 2) return { ok: false, reason: 'invalid' };
  const [payload, signature] = parts as [string, string];
  if (!isBase64url(payload) || !isBase64url(signature)) return { ok: false, reason: 'invalid' };

  const expected = sign(secret, payload);
  const given = Buffer.from(signature, 'base64url');
  // timingSafeEqual needs equal lengths; a length mismatch is already a failure.
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'invalid' };

  const claims = parseClaims(payload);
  if (!claims) return { ok: false, reason: 'invalid' };
  if (claims.iat > now + CLOCK_SKEW_SECONDS || claims.exp <= claims.iat)
    return { ok: false, reason: 'invalid' };
  if (claims.exp <= now) return { ok: false, reason: 'expired', claims };
  return { ok: true, claims };
}

function sign(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(SIGNING_CONTEXT).update(payload).digest();
}

function assertSecret(secret: string): void {
  if (typeof secret !== 'string' || secret.length < 16)
    throw new TypeError('session secret must be a string of at least 16 characters');
}

function isBase64url(s: string): boolean {
  return s.length > 0 && /^[A-Za-z0-9_-]+$/.test(s);
}

function parseClaims(payload: string): SessionClaims | null {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const c = raw as Record<string, unknown>;
  if (typeof c.sub !== 'string' || c.sub.length === 0 || c.sub.length > 200) return null;
  if (typeof c.kind !== 'string' || !KINDS.includes(c.kind as SessionKind)) return null;
  if (!Number.isInteger(c.iat) || !Number.isInteger(c.exp)) return null;
  if (typeof c.jti !== 'string' || c.jti.length === 0) return null;
  if (c.sid !== undefined && (typeof c.sid !== 'string' || c.sid.length === 0 || c.sid.length > 200))
    return null;
  const claims: SessionClaims = {
    sub: c.sub,
    kind: c.kind as SessionKind,
    iat: c.iat as number,
    exp: c.exp as number,
    jti: c.jti,
  };
  if (typeof c.sid === 'string') claims.sid = c.sid;
  return claims;
}

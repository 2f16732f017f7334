/**
 * Token → identity or a typed auth error; shared by the HTTP and the socket middleware.
 * A valid signature is not enough: the database session named by the token (`sid`)
 * must still exist, so signing out revokes every token minted for that session.
 */
import { AppError, ErrorCode } from '../errors.js';
import type { SessionLookup } from '../ports.js';
import { verifySessionToken, type SessionKind } from '@rlcoach/db/contracts/session-token';

export interface AuthPolicy {
  secret: string;
  /** Database sessions; without it a token that names a session cannot be accepted. */
  sessions?: SessionLookup;
  /** Refuse tokens that name no session (every deployment once web mints session tokens). */
  requireSession: boolean;
}

export interface Identity {
  userId: string;
  kind: SessionKind;
  sessionId: string | null;
}

export async function authenticate(policy: AuthPolicy, token: unknown): Promise<Identity> {
  if (token === undefined || token === null || token === '') throw new AppError(ErrorCode.Unauthenticated);
  const result = verifySessionToken(policy.secret, token);
  if (!result.ok)
    throw new AppError(result.reason === 'expired' ? ErrorCode.TokenExpired : ErrorCode.TokenInvalid);
  const { sub, kind, sid } = result.claims;
  if (sid === undefined) {
    if (policy.requireSession) throw new AppError(ErrorCode.SessionRequired);
    return { userId: sub, kind, sessionId: null };
  }
  await assertLiveSession(policy, sid, sub);
  return { userId: sub, kind, sessionId: sid };
}

/** Throws SESSION_REVOKED / SESSION_EXPIRED, or SERVICE_UNAVAILABLE when the database cannot say (fail closed). */
export async function assertLiveSession(
  policy: AuthPolicy,
  sessionId: string,
  userId: string,
): Promise<void> {
  if (!policy.sessions)
    throw new AppError(ErrorCode.Unavailable, 'Sign-in sessions cannot be checked right now; retry shortly.');
  let state;
  try {
    state = await policy.sessions.state(sessionId, userId);
  } catch (cause) {
    throw Object.assign(
      new AppError(ErrorCode.Unavailable, 'Sign-in sessions cannot be checked right now; retry shortly.', {
        'Retry-After': '5',
      }),
      { cause },
    );
  }
  if (state === 'missing') throw new AppError(ErrorCode.SessionRevoked);
  if (state === 'expired') throw new AppError(ErrorCode.SessionExpired);
}

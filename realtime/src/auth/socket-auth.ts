/**
 * io.use middleware: verify our token from `handshake.auth.token` (signature AND
 * database session, on every connect and reconnect), keep the identity on
 * socket.data. A refused handshake reaches the client as `connect_error` with
 * `err.message` readable and `err.data.code` machine-readable.
 */
import type { Socket } from 'socket.io';
import { AppError, ErrorCode, defaultMessage, toSafeError } from '../errors.js';
import { requestClientAddress } from '../http/client-address.js';
import { RateLimitUnavailableError, RateRules, type RateLimiter, type RateRule } from '@rlcoach/db';
import { authenticate, type AuthPolicy } from './verify.js';

export interface ConnectErrorData {
  code: string;
}

/** A connect_error for the client from anything thrown. */
export function refusal(err: unknown): Error & { data: ConnectErrorData } {
  const { error } = toSafeError(err);
  const out = new Error(error.message) as Error & { data: ConnectErrorData };
  out.data = { code: error.code };
  return out;
}

export function socketAuth(policy: AuthPolicy) {
  return (socket: Socket, next: (err?: Error) => void): void => {
    const auth: unknown = socket.handshake.auth;
    const token =
      typeof auth === 'object' && auth !== null ? (auth as Record<string, unknown>).token : undefined;
    authenticate(policy, token).then(
      (identity) => {
        socket.data.userId = identity.userId;
        socket.data.kind = identity.kind;
        socket.data.sessionId = identity.sessionId;
        next();
      },
      (err: unknown) => next(refusal(err)),
    );
  };
}

/**
 * Handshakes per client address, before the token is checked: a flood guard only, generous
 * enough for a NAT's reconnect storm. Fails closed like every limit.
 */
export function connectAddressRateLimit(limiter: RateLimiter, trustedProxyHops: number) {
  return (socket: Socket, next: (err?: Error) => void): void => {
    const address = requestClientAddress(socket.request, trustedProxyHops);
    spend(limiter, RateRules.socketConnectsPerAddress, address, next);
  };
}

/** Handshakes per authenticated user (after socketAuth): one user's tabs never spend another's budget. */
export function connectUserRateLimit(limiter: RateLimiter) {
  return (socket: Socket, next: (err?: Error) => void): void => {
    spend(limiter, RateRules.socketConnectsPerUser, socket.data.userId as string, next);
  };
}

function spend(limiter: RateLimiter, rule: RateRule, subject: string, next: (err?: Error) => void): void {
  limiter.consume(rule, subject).then(
    (d) =>
      next(
        d.allowed
          ? undefined
          : refusal(new AppError(ErrorCode.RateLimited, defaultMessage(ErrorCode.RateLimited))),
      ),
    (err: unknown) =>
      next(
        refusal(
          err instanceof RateLimitUnavailableError
            ? new AppError(ErrorCode.Unavailable, 'Rate limiting is unavailable; retry shortly.')
            : err,
        ),
      ),
  );
}

/**
 * Runs before every client → server command: the socket's database session must
 * still be live (signing out elsewhere ends it: the command is refused and the
 * socket disconnected) and the user must have rate budget left. A refused command
 * is answered through its ack, so the client never waits for nothing.
 */
import { withLogContext } from '@rlcoach/db/logging/logger';
import { assertLiveSession, type AuthPolicy } from '../auth/verify.js';
import type { Ack } from '@rlcoach/db/contracts/socket-events';
import { AppError, ErrorCode, defaultMessage, toSafeError } from '../errors.js';
import type { Logger } from '../ports.js';
import { RateLimitUnavailableError, RateRules, type RateLimiter, type RateRule } from '@rlcoach/db';
import type { RealtimeSocket } from '../socket-types.js';

export interface GuardDeps {
  auth: AuthPolicy;
  limiter: RateLimiter;
  log: Logger;
}

const SESSION_ENDED = new Set<string>([ErrorCode.SessionRevoked, ErrorCode.SessionExpired]);

export interface LightEvents {
  /**
   * High-rate events that skip the per-user Redis budget and the session lookup (pointers, typing,
   * clock pings): their handlers throttle them per socket in memory and they change nothing stored.
   */
  throttledElsewhere?: ReadonlySet<string>;
  /**
   * Events with a budget of their own, spent here instead of the general one: one Redis round
   * trip per command either way (room controls, chat, annotations).
   */
  budgets?: Readonly<Record<string, RateRule>>;
}

export function guardSocketCommands(socket: RealtimeSocket, deps: GuardDeps & LightEvents): void {
  socket.use((packet, next) => {
    if (deps.throttledElsewhere?.has(String(packet[0]))) return next();
    const ack = packet[packet.length - 1];
    const reply = typeof ack === 'function' ? (ack as (r: Ack<never>) => void) : undefined;
    check(socket, deps, deps.budgets?.[String(packet[0])] ?? RateRules.socketEventsPerUser).then(
      // The command's handler runs inside this context: its log lines carry the socket id.
      () => withLogContext({ socketId: socket.id, userId: socket.data.userId }, () => next()),
      (err: unknown) => {
        const { error, known } = toSafeError(err);
        if (!known)
          deps.log.error('socket guard failed', { err, socketId: socket.id, userId: socket.data.userId });
        reply?.({ ok: false, error });
        if (SESSION_ENDED.has(error.code)) socket.disconnect(true);
      },
    );
  });
}

async function check(socket: RealtimeSocket, deps: GuardDeps, rule: RateRule): Promise<void> {
  const { userId, sessionId } = socket.data;
  if (sessionId) await assertLiveSession(deps.auth, sessionId, userId);
  let decision;
  try {
    decision = await deps.limiter.consume(rule, userId);
  } catch (err) {
    if (err instanceof RateLimitUnavailableError)
      throw new AppError(ErrorCode.Unavailable, 'Rate limiting is unavailable; retry shortly.');
    throw err;
  }
  if (!decision.allowed) throw new AppError(ErrorCode.RateLimited, defaultMessage(ErrorCode.RateLimited));
}

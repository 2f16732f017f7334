/**
 * The coach desk: what realtime does with a player's coach commands. Every command re-checks the
 * asker (the policy, the plan, the free preview, the coach's own hourly limit) and ownership of
 * the message it names; the answer is written by the worker's `coach.reply` job, so any realtime
 * node can take the question and any node can relay or resume the answer.
 */
import type { Redis } from 'ioredis';
import { policy, type Actor } from '@rlcoach/db/auth/policy';
import type { Entitlement } from '@rlcoach/db/billing/entitlement';
import {
  coachKeys,
  type CoachAsk,
  type CoachAskAccepted,
  type CoachDone,
  type CoachMessageStatus,
  type CoachResumed,
  type CoachUsage,
} from '@rlcoach/db/contracts/coach';
import type { CoachReplyData } from '@rlcoach/db/contracts/jobs';
import { RateLimitUnavailableError, RateRules, type RateLimiter } from '@rlcoach/db';
import { AppError, ErrorCode } from '../errors.js';
import type { CoachDesk } from '../ports.js';
import { readStreamEvents } from './stream.js';

export interface AskRecord {
  conversationId: string;
  userMessageId: string;
  messageId: string;
}

/** One assistant message as Postgres holds it, for its owner. */
export interface StoredCoachMessage {
  conversationId: string;
  status: CoachMessageStatus;
  text: string;
  reason: string | null;
  usage: CoachUsage | null;
}

/** The database side of the desk (platform.ts binds it to db's coach repositories). */
export interface CoachStore {
  /** The asker as the policy sees them, with their plan; null when the account no longer exists. */
  asker(userId: string): Promise<{ actor: Actor; entitlement: Entitlement } | null>;
  /**
   * Conversation (new, or an owned one: NOT_FOUND otherwise), the user's message and the streaming
   * assistant message, in one transaction. With `preview`, takes the free player's one preview
   * atomically (PREVIEW_USED when it is gone); without, refuses when the month's budget is spent.
   */
  createAsk(input: CoachAsk & { userId: string; preview: boolean }): Promise<AskRecord>;
  /** The assistant message `messageId` when `userId` owns it; null otherwise (never someone else's). */
  message(userId: string, messageId: string): Promise<StoredCoachMessage | null>;
}

export interface CoachDeskOptions {
  /** False without ANTHROPIC_API_KEY: asks are refused with COACH_NOT_CONFIGURED, nothing pretends. */
  configured: boolean;
  store: CoachStore;
  limiter: RateLimiter;
  enqueue(data: CoachReplyData): Promise<unknown>;
  /** Reads the event streams and publishes stops. */
  redis: Redis;
}

/** How long a stop request waits for a job that has not started yet (the worker checks it at start). */
const STOP_MARK_SECONDS = 3600;

export function coachDesk(options: CoachDeskOptions): CoachDesk {
  const { store, limiter, redis } = options;

  async function owned(userId: string, messageId: string): Promise<StoredCoachMessage> {
    const message = await store.message(userId, messageId);
    // Someone else's message and no message look the same: ids cannot be probed.
    if (!message) throw new AppError(ErrorCode.NotFound, 'No such coach message.');
    return message;
  }

  return {
    async ask(userId, ask): Promise<CoachAskAccepted> {
      const asker = await store.asker(userId);
      if (!asker) throw new AppError(ErrorCode.TokenInvalid, 'This account no longer exists. Sign in again.');
      const preview = mayAsk(asker.actor, asker.entitlement);
      if (!options.configured) throw new AppError(ErrorCode.CoachNotConfigured);
      await spendHourlyAsk(limiter, userId);
      const record = await store.createAsk({ ...ask, userId, preview });
      await options.enqueue({
        userId,
        conversationId: record.conversationId,
        messageId: record.messageId,
        mode: ask.mode,
        preview,
      });
      return { ...record, preview };
    },

    async stop(userId, messageId) {
      const message = await owned(userId, messageId);
      if (message.status !== 'streaming') return { stopped: false };
      // The mark covers a job that has not subscribed yet; the publish reaches the one running it.
      await redis.set(coachKeys.stop(messageId), '1', 'EX', STOP_MARK_SECONDS);
      await redis.publish(coachKeys.stop(messageId), 'stop');
      return { stopped: true };
    },

    async resume(userId, { messageId, afterSeq }): Promise<CoachResumed> {
      const message = await owned(userId, messageId);
      const stream = await readStreamEvents(redis, messageId);
      if (stream.exists) {
        const events = stream.events.filter((e) => e.seq > afterSeq);
        return { events, finished: stream.events.some((e) => e.type === 'done') };
      }
      // No stream: the job has not started yet, or the answer ended long enough ago for it to expire.
      if (message.status === 'streaming') return { events: [], finished: false };
      const done: CoachDone = {
        type: 'done',
        conversationId: message.conversationId,
        messageId,
        seq: afterSeq + 1,
        status: message.status,
        text: message.text,
        reason: message.reason,
        usage: message.usage,
      };
      return { events: [done], finished: true };
    },
  };
}

/**
 * Who may ask: Pro players ask freely (false = not a preview); a free player gets the one preview
 * (true; the store takes it atomically); guests and everyone else are refused here.
 */
function mayAsk(actor: Actor, entitlement: Entitlement): boolean {
  const decision = policy.canUseCoach(actor, entitlement);
  if (decision.allowed) return false;
  if (decision.code === 'UNAUTHENTICATED') throw new AppError(ErrorCode.Unauthenticated);
  if (actor.kind === 'guest')
    throw new AppError(ErrorCode.Forbidden, 'Guests cannot use the coach. Sign in with a full account.');
  return true;
}

async function spendHourlyAsk(limiter: RateLimiter, userId: string): Promise<void> {
  let decision;
  try {
    decision = await limiter.consume(RateRules.coachAsksPerUser, userId);
  } catch (err) {
    if (err instanceof RateLimitUnavailableError)
      throw new AppError(ErrorCode.Unavailable, 'Rate limiting is unavailable; retry shortly.');
    throw err;
  }
  if (!decision.allowed) {
    const minutes = Math.max(1, Math.ceil(decision.retryAfterMs / 60_000));
    throw new AppError(
      ErrorCode.CoachRateLimited,
      `You can ask the coach 10 questions an hour; the next one is possible in ${minutes} min.`,
    );
  }
}

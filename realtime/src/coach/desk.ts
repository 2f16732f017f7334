/**
 * The coach desk: what realtime does with a player's coach commands. Every command re-checks the
 * asker (the policy and the plan here; the hourly limit, the one free preview and the budget
 * atomically in db's createAsk) and ownership of the message it names. The answer is written by
 * the worker's `coach.reply` job, so any realtime node can take the question and any node can
 * relay or resume the answer.
 */
import type { Redis } from 'ioredis';
import { policy, type Actor } from '@rlcoach/db/auth/policy';
import type { Entitlement } from '@rlcoach/db/billing/entitlement';
import { requestCoachStop } from '@rlcoach/db/coach/event-log';
import type {
  CoachAsk,
  CoachAskAccepted,
  CoachMessageStatus,
  CoachResumed,
} from '@rlcoach/db/contracts/coach';
import type { CoachReplyData } from '@rlcoach/db/contracts/jobs';
import { QueueUnavailableError } from '@rlcoach/db/queues/producer';
import { AppError, ErrorCode } from '../errors.js';
import type { CoachDesk } from '../ports.js';

/** What stop needs to know of one assistant message, for its owner. */
export interface StoredCoachMessage {
  status: CoachMessageStatus;
}

/** The database side of the desk (platform.ts binds it to db's coach repositories). */
export interface CoachStore {
  /** The asker as the policy sees them, with their plan; null when the account no longer exists. */
  asker(userId: string): Promise<{ actor: Actor; entitlement: Entitlement } | null>;
  /**
   * Conversation (new, or an owned one), question and streaming answer rows in one transaction,
   * deciding the hourly limit, the free preview and the budget under a lock (db's createAsk).
   * Refusals are AppErrors with the coach's codes.
   */
  createAsk(userId: string, ask: CoachAsk): Promise<CoachAskAccepted>;
  /** End an answer whose job could not be enqueued as failed (a failed preview does not use it up). */
  abandon(messageId: string, reason: string): Promise<void>;
  /** The assistant message `messageId` when `userId` owns it; null otherwise (never someone else's). */
  message(userId: string, messageId: string): Promise<StoredCoachMessage | null>;
  /**
   * The events of the owner's answer after `afterSeq` (db's resumeCoachAnswer: the Redis log, or
   * the stored answer as its `done` once the log expired); null when the message is not theirs.
   */
  resume(userId: string, messageId: string, afterSeq: number): Promise<CoachResumed | null>;
}

export interface CoachDeskOptions {
  /** False without ANTHROPIC_API_KEY: asks are refused with COACH_NOT_CONFIGURED, nothing pretends. */
  configured: boolean;
  store: CoachStore;
  enqueue(data: CoachReplyData): Promise<unknown>;
  /** Publishes stops. */
  redis: Redis;
}

export function coachDesk(options: CoachDeskOptions): CoachDesk {
  const { store, redis } = options;

  async function owned(userId: string, messageId: string): Promise<StoredCoachMessage> {
    const message = await store.message(userId, messageId);
    // Someone else's message and no message look the same: ids cannot be probed.
    if (!message) throw new AppError(ErrorCode.NotFound, 'No such coach message.');
    return message;
  }

  return {
    async ask(userId, ask) {
      const asker = await store.asker(userId);
      if (!asker) throw new AppError(ErrorCode.TokenInvalid, 'This account no longer exists. Sign in again.');
      refuseWhoNeverMay(asker.actor, asker.entitlement);
      if (!options.configured) throw new AppError(ErrorCode.CoachNotConfigured);
      const accepted = await store.createAsk(userId, ask);
      try {
        await options.enqueue({
          userId,
          conversationId: accepted.conversationId,
          messageId: accepted.messageId,
          mode: ask.mode,
          preview: accepted.preview,
        });
      } catch (err) {
        // No job will ever write this answer: end it now, so the conversation is not left busy.
        await store.abandon(accepted.messageId, 'The coach could not be reached. Ask again in a moment.');
        if (err instanceof QueueUnavailableError) throw new AppError(ErrorCode.Unavailable);
        throw err;
      }
      return accepted;
    },

    async stop(userId, messageId) {
      const message = await owned(userId, messageId);
      if (message.status !== 'streaming') return { stopped: false };
      // A key for a job that has not started yet, a publish for the one streaming it.
      await requestCoachStop(redis, messageId);
      return { stopped: true };
    },

    async resume(userId, { messageId, afterSeq }): Promise<CoachResumed> {
      const resumed = await store.resume(userId, messageId, afterSeq);
      // Someone else's message and no message look the same: ids cannot be probed.
      if (!resumed) throw new AppError(ErrorCode.NotFound, 'No such coach message.');
      return resumed;
    },
  };
}

/**
 * The policy's refusals that no plan changes: signed out, guests. A free member passes here and
 * gets (or is refused) the one preview answer in createAsk, atomically.
 */
function refuseWhoNeverMay(actor: Actor, entitlement: Entitlement): void {
  const decision = policy.canUseCoach(actor, entitlement);
  if (decision.allowed) return;
  if (decision.code === 'UNAUTHENTICATED') throw new AppError(ErrorCode.Unauthenticated);
  if (actor.kind === 'guest')
    throw new AppError(ErrorCode.Forbidden, 'Guests cannot use the coach. Sign in with a full account.');
}

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
import { readCoachEvents, requestCoachStop } from '@rlcoach/db/coach/event-log';
import {
  type CoachAsk,
  type CoachAskAccepted,
  type CoachDone,
  type CoachMessageStatus,
  type CoachResumed,
  type CoachUsage,
} from '@rlcoach/db/contracts/coach';
import type { CoachReplyData } from '@rlcoach/db/contracts/jobs';
import { AppError, ErrorCode } from '../errors.js';
import type { CoachDesk } from '../ports.js';

/** One assistant message as Postgres holds it, for its owner. */
export interface StoredCoachMessage {
  conversationId: string;
  status: CoachMessageStatus;
  text: string;
  reason: string | null;
  usage: CoachUsage | null;
  /** Seq of its `done` event once it has ended. */
  lastSeq: number | null;
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
  /** The assistant message `messageId` when `userId` owns it; null otherwise (never someone else's). */
  message(userId: string, messageId: string): Promise<StoredCoachMessage | null>;
}

export interface CoachDeskOptions {
  /** False without ANTHROPIC_API_KEY: asks are refused with COACH_NOT_CONFIGURED, nothing pretends. */
  configured: boolean;
  store: CoachStore;
  enqueue(data: CoachReplyData): Promise<unknown>;
  /** Reads the event streams and publishes stops. */
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
      await options.enqueue({
        userId,
        conversationId: accepted.conversationId,
        messageId: accepted.messageId,
        mode: ask.mode,
        preview: accepted.preview,
      });
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
      const message = await owned(userId, messageId);
      // The log's entry ids are the seqs: exactly the events after `afterSeq`, in order. One more
      // is read (seq `afterSeq` itself) so a client that already holds the `done` learns it is over.
      const tail = await readCoachEvents(redis, messageId, Math.max(0, afterSeq - 1));
      const events = tail.filter((e) => e.seq > afterSeq);
      if (tail.length > 0) return { events, finished: tail.some((e) => e.type === 'done') };
      // Nothing new: still being written (or not started), or ended and the log has expired.
      if (message.status === 'streaming') return { events: [], finished: false };
      const seq = message.lastSeq ?? afterSeq + 1;
      if (seq <= afterSeq) return { events: [], finished: true };
      const done: CoachDone = {
        type: 'done',
        conversationId: message.conversationId,
        messageId,
        seq,
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

/**
 * Answering `coach:resume` (realtime): the events of one of the player's answers after the last
 * seq the client holds. From the Redis log while it lives; once it has expired, a finished answer
 * is replayed from Postgres as its `done` event (same seq, the stored text), so a client that
 * comes back late still ends with exactly the stored answer.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Redis } from 'ioredis';
import type { CoachResumed } from '../contracts/coach.js';
import { readCoachMessage } from '../repositories/coach-conversation-repository.js';
import { readCoachEvents } from './event-log.js';

/** Null when the message is not the user's (or unknown): answer it as not found. */
export async function resumeCoachAnswer(
  redis: Redis,
  em: EntityManager,
  userId: string,
  messageId: string,
  afterSeq: number,
): Promise<CoachResumed | null> {
  const message = await readCoachMessage(em, userId, messageId);
  if (!message || message.role !== 'assistant') return null;
  const events = await readCoachEvents(redis, message.id, afterSeq);
  if (events.length > 0 || message.status === 'streaming')
    return { events, finished: events.some((e) => e.type === 'done') };
  // The log has expired (or the client already holds everything): the stored answer speaks.
  const seq = message.lastSeq ?? 0;
  if (seq <= afterSeq) return { events: [], finished: true };
  return {
    events: [
      {
        type: 'done',
        conversationId: message.conversationId,
        messageId: message.id,
        seq,
        status: message.status as Exclude<typeof message.status, 'streaming'>,
        text: message.text,
        reason: message.reason,
        usage: null,
      },
    ],
    finished: true,
  };
}

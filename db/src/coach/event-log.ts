/**
 * The Redis side of a streamed answer, shared by the worker (writes) and realtime (reads, stop).
 *
 * Events: one Redis stream per answer (`coachKeys.events(messageId)`), one entry per event with the
 * entry id `0-<seq>` and the event as JSON in field `e`. Ids are the seqs, so "everything after
 * seq n" is one exclusive XRANGE, and a write with a seq already there is refused by Redis (no
 * duplicate can enter the log). The stream expires a day after its last write while streaming and
 * an hour after the `done` event; after that the stored message answers a resume.
 *
 * Stop: `requestCoachStop` sets the key `coachKeys.stop(messageId)` (for a job that has not started
 * yet) and publishes on the channel of the same name (for the job that is streaming).
 */
import type { Redis } from 'ioredis';
import { coachKeys, type CoachEvent } from '../contracts/coach.js';

export const COACH_EVENTS_TTL_STREAMING_S = 24 * 3600;
export const COACH_EVENTS_TTL_DONE_S = 3600;
const STOP_TTL_S = 3600;

/** Append one event (its seq must be the next one); sets the stream's expiry. */
export async function appendCoachEvent(redis: Redis, event: CoachEvent): Promise<void> {
  const key = coachKeys.events(event.messageId);
  const ttl = event.type === 'done' ? COACH_EVENTS_TTL_DONE_S : COACH_EVENTS_TTL_STREAMING_S;
  await redis.multi().xadd(key, `0-${event.seq}`, 'e', JSON.stringify(event)).expire(key, ttl).exec();
}

/** The events of an answer after `afterSeq`, in order (empty when none or expired). */
export async function readCoachEvents(
  redis: Redis,
  messageId: string,
  afterSeq: number,
): Promise<CoachEvent[]> {
  const entries = await redis.xrange(coachKeys.events(messageId), `(0-${Math.max(0, afterSeq)}`, '+');
  return entries.map(([, fields]) => JSON.parse(fields[fields.indexOf('e') + 1]!) as CoachEvent);
}

/** The seq of the last event written for an answer (0 when none). */
export async function lastCoachSeq(redis: Redis, messageId: string): Promise<number> {
  const [last] = await redis.xrevrange(coachKeys.events(messageId), '+', '-', 'COUNT', 1);
  return last ? Number(last[0].split('-')[1]) : 0;
}

/** Ask the job writing `messageId` to stop (now or as soon as it starts). */
export async function requestCoachStop(redis: Redis, messageId: string): Promise<void> {
  const name = coachKeys.stop(messageId);
  await redis.multi().set(name, '1', 'EX', STOP_TTL_S).publish(name, '1').exec();
}

/** Whether a stop was requested before the job subscribed. */
export async function coachStopRequested(redis: Redis, messageId: string): Promise<boolean> {
  return (await redis.exists(coachKeys.stop(messageId))) === 1;
}

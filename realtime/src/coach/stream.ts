/**
 * Reading one message's Redis stream (coachKeys.events): the worker appends every event it emits,
 * so a reconnecting client can be given exactly the events after the last seq it holds.
 */
import type { Redis } from 'ioredis';
import { coachKeys, type CoachEvent } from '@rlcoach/db/contracts/coach';

export interface StreamRead {
  /** False when the stream is absent (not started yet, or expired after the answer ended). */
  exists: boolean;
  /** Every event, in seq order. */
  events: CoachEvent[];
}

const TYPES = new Set(['thinking', 'delta', 'tool', 'done']);

export async function readStreamEvents(redis: Redis, messageId: string): Promise<StreamRead> {
  const entries = await redis.xrange(coachKeys.events(messageId), '-', '+');
  if (entries.length === 0) return { exists: false, events: [] };
  const events: CoachEvent[] = [];
  for (const [, fields] of entries) {
    const event = parseEntry(fields);
    if (event) events.push(event);
  }
  events.sort((a, b) => a.seq - b.seq);
  return { exists: true, events };
}

/** One entry's `event` field: the JSON of one CoachEvent as the worker emitted it. */
function parseEntry(fields: string[]): CoachEvent | null {
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] !== 'event') continue;
    try {
      const event = JSON.parse(fields[i + 1]!) as CoachEvent;
      return TYPES.has(event.type) && Number.isInteger(event.seq) ? event : null;
    } catch {
      return null;
    }
  }
  return null;
}

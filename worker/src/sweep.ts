/**
 * Outbox sweep: a replay committed as `queued` whose enqueue failed (Redis down at upload time)
 * has no job. Re-enqueue those; the derived job id makes a double enqueue a no-op.
 */
import { Replay, type MikroORM } from '@rlcoach/db';
import type { ReplayProducer } from './producer.js';

export interface SweepResult {
  checked: number;
  enqueued: string[];
}

/** `minAgeMs` skips replays committed moments ago whose upload request is still enqueueing them. */
export async function sweepQueuedReplays(
  orm: MikroORM,
  producer: ReplayProducer,
  minAgeMs = 10_000,
): Promise<SweepResult> {
  const queued = await orm.em
    .fork()
    .getRepository(Replay)
    .findQueuedBefore(new Date(Date.now() - minAgeMs));
  const enqueued: string[] = [];
  for (const replay of queued) {
    if (await producer.hasJob(replay.id)) continue;
    await producer.enqueueReplay(replay.id);
    enqueued.push(replay.id);
  }
  return { checked: queued.length, enqueued };
}

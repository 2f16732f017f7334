import { randomUUID } from 'node:crypto';
import { EntitySchema, type Opt } from '@mikro-orm/core';

/**
 * Transactional outbox: a job to enqueue, committed in the same transaction as the rows it is
 * about (the replay of an upload). Whoever commits enqueues it right away and deletes the row;
 * a relay loop in the worker enqueues whatever is still here (the enqueue failed, or the process
 * died between commit and enqueue). Job ids are derived from the payload, so enqueueing twice is
 * a no-op: the outbox delivers at least once, BullMQ's job id makes it once.
 */
export class JobOutbox {
  id: string = randomUUID();
  /** A job name of contracts/jobs.ts (only `replay.process` today). */
  jobName!: string;
  /** The derived BullMQ job id (contracts/jobs.ts jobIdFor). */
  jobId!: string;
  data!: Record<string, unknown>;
  /** Failed relay attempts so far (drives the backoff). */
  attempts: number & Opt = 0;
  /** The relay leaves the row alone until then (backoff after a failed enqueue). */
  availableAt: Date & Opt = new Date();
  lastError: string | null = null;
  createdAt: Date & Opt = new Date();
}

export const JobOutboxSchema = new EntitySchema<JobOutbox>({
  class: JobOutbox,
  tableName: 'job_outbox',
  indexes: [{ name: 'job_outbox_available_idx', properties: ['availableAt'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    jobName: { type: 'string', length: 64 },
    jobId: { type: 'string', length: 200 },
    data: { type: 'json' },
    attempts: { type: 'integer', default: 0 },
    availableAt: { type: 'datetime', columnType: 'timestamptz' },
    lastError: { type: 'text', nullable: true },
    createdAt: { type: 'datetime', columnType: 'timestamptz' },
  },
});

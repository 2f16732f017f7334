/** How failures are classified: what a user is told, and whether retrying can ever help. */
import { ReplayError, type ReplayErrorCode } from '@rlcoach/parser';

const BODY_READABLE_REASON: Partial<Record<ReplayErrorCode, string>> = {
  TRUNCATED: 'the file is cut short',
  CRC_MISMATCH: 'the file is damaged (checksum mismatch)',
  CORRUPT_BODY: 'the match data is damaged',
  LIST_TOO_LARGE: 'the match data contains an impossible list',
  STRING_TOO_LONG: 'the match data contains an impossible text field',
  UNKNOWN_ATTRIBUTE: 'it comes from a game version this parser does not support yet',
  FRAME_DECODE: 'the match data could not be decoded',
};

/** Processing-time reason for a replay that cannot be parsed (every ReplayError is deterministic). */
export function parseFailureReason(e: ReplayError | { code: ReplayErrorCode }): string {
  return `This replay could not be read: ${BODY_READABLE_REASON[e.code] ?? 'it is corrupt'}.`;
}

/** A job exceeded JOB_TIMEOUT_MS: its deadline (deadline.ts) covers every stage of the job. */
export class JobTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`processing took longer than ${Math.round(timeoutMs / 1000)} s`);
    this.name = 'JobTimeoutError';
  }
}

/**
 * A compute thread died under a job, almost always because the job went over JOB_MEMORY_MB. Only
 * that job fails (BullMQ retries it); the pool starts a fresh thread.
 */
export class ComputeThreadCrashError extends Error {
  constructor(cause: unknown) {
    const why =
      (cause as NodeJS.ErrnoException | null)?.code ?? (cause as Error | null)?.message ?? 'unknown';
    super(`the processing thread crashed (${why})`, { cause });
    this.name = 'ComputeThreadCrashError';
  }
}

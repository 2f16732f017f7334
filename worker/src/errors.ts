/** How failures are classified: what a user is told, and whether retrying can ever help. */
import { ReplayError, type ReplayErrorCode } from '@rlcoach/parser';

/** Codes returned to uploaders when a file is refused at upload time. */
export type IngestErrorCode =
  'NOT_A_REPLAY' | 'CORRUPT_HEADER' | 'CORRUPT_REPLAY' | 'CRC_MISMATCH' | 'EMPTY_FILE' | 'UNREADABLE_FILE';

export interface IngestError {
  code: IngestErrorCode;
  message: string;
}

const HEADER_READABLE_REASON: Partial<Record<ReplayErrorCode, string>> = {
  TRUNCATED: 'the file is cut short',
  CRC_MISMATCH: 'the file is damaged (checksum mismatch)',
  STRING_TOO_LONG: 'the header contains an impossible text field',
  LIST_TOO_LARGE: 'the header contains an impossible list',
};

/** Upload-time refusal for a header that does not parse. */
export function headerRejection(e: unknown): IngestError {
  if (e instanceof ReplayError) {
    if (e.code === 'NOT_A_REPLAY') {
      return { code: 'NOT_A_REPLAY', message: 'This file is not a Rocket League replay (.replay).' };
    }
    // Checked for header and match data alike: an edited or damaged file is never stored.
    if (e.code === 'CRC_MISMATCH') {
      const part = e.section === 'content' ? 'match data' : 'header';
      return {
        code: 'CRC_MISMATCH',
        message: `This replay is damaged or was modified: the checksum of its ${part} does not match, so it was not stored.`,
      };
    }
    if (e.section === 'content') {
      return { code: 'CORRUPT_REPLAY', message: 'This replay is corrupt: its match data is cut short.' };
    }
    const why = HEADER_READABLE_REASON[e.code] ?? 'its header could not be read';
    return { code: 'CORRUPT_HEADER', message: `This replay is corrupt: ${why}.` };
  }
  return { code: 'CORRUPT_HEADER', message: 'This replay is corrupt: its header could not be read.' };
}

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

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
export function parseFailureReason(e: ReplayError): string {
  return `This replay could not be read: ${BODY_READABLE_REASON[e.code] ?? 'it is corrupt'}.`;
}

/** A job exceeded JOB_TIMEOUT_MS (checked cooperatively from the parser's progress callback). */
export class JobTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`processing took longer than ${Math.round(timeoutMs / 1000)} s`);
    this.name = 'JobTimeoutError';
  }
}

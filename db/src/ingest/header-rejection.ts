/** Why a file is refused at upload time when its header does not parse: a code and a message a user can read. */
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

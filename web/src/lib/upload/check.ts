/**
 * Checks done in the browser before anything is sent: size, batch count and the
 * replay signature in the first bytes. A refusal here names what is wrong.
 */
import { looksLikeReplay } from '@rlcoach/parser';
import { formatBytes } from '$lib/format/match';

export interface UploadLimits {
  maxFiles: number;
  maxBytes: number;
}

export interface Refusal {
  code: string;
  message: string;
}

/** Enough bytes to cover the header size, version fields and the game-type string. */
const SNIFF_BYTES = 1024;

export function checkSize(file: { size: number }, limits: UploadLimits): Refusal | null {
  if (file.size === 0) return { code: 'EMPTY_FILE', message: 'The file is empty.' };
  if (file.size > limits.maxBytes) {
    return {
      code: 'FILE_TOO_LARGE',
      message: `This file is ${formatBytes(file.size)}; the limit is ${formatBytes(limits.maxBytes)} per file.`,
    };
  }
  return null;
}

export function checkSignature(firstBytes: Uint8Array): Refusal | null {
  if (looksLikeReplay(firstBytes)) return null;
  return {
    code: 'NOT_A_REPLAY',
    message:
      'This is not a Rocket League replay: it does not start with a replay header. Pick a .replay file from your Demos folder.',
  };
}

export async function readFirstBytes(file: Blob): Promise<Uint8Array> {
  return new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
}

export function tooManyFiles(limits: UploadLimits): Refusal {
  return {
    code: 'TOO_MANY_FILES',
    message: `Only ${limits.maxFiles} files fit in one batch; drop this one again in the next batch.`,
  };
}

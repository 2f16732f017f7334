/**
 * Checks done in the browser before anything is sent: size and batch count (the header itself is
 * checked by inspect.ts). A refusal here names what is wrong.
 */
import { formatBytes } from '$lib/format/match';

export interface UploadLimits {
  maxFiles: number;
  maxBytes: number;
}

export interface Refusal {
  code: string;
  /** A sentence for people. */
  message: string;
  /** Technical text (the parser's code and message) for a "details" toggle. */
  detail?: string;
}

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

export function tooManyFiles(limits: UploadLimits): Refusal {
  return {
    code: 'TOO_MANY_FILES',
    message: `Only ${limits.maxFiles} files fit in one batch; drop this one again in the next batch.`,
  };
}

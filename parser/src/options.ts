import type { FrameVisitor } from './network/visitor.js';

/**
 * - crc 'always': verify both section CRCs before decoding; 'never': skip; 'onError' (default):
 *   compute them only when decoding fails, to tell a corrupt file (CRC_MISMATCH) from an unsupported patch.
 * - network 'always' (default): decode the network stream; on a mid-stream error keep what was decoded,
 *   record a diagnostic and try to resume at the next valid keyframe.
 *   'ignoreOnError': stop at the first error and keep the frames decoded so far (no re-sync).
 *   'never': header and content tables only.
 */
export interface ParseOptions {
  crc?: 'always' | 'never' | 'onError';
  network?: 'always' | 'never' | 'ignoreOnError';
  /** Called with the fraction of the network stream decoded, at most ~100 times. */
  onProgress?: (fractionOfStreamDecoded: number) => void;
  /** Streaming: one callback per frame; with a visitor the frames are not retained. */
  visitor?: FrameVisitor;
}

export interface ResolvedOptions {
  crc: 'always' | 'never' | 'onError';
  network: 'always' | 'never' | 'ignoreOnError';
  onProgress: ((fraction: number) => void) | undefined;
  visitor: FrameVisitor | undefined;
}

export function resolveOptions(options: ParseOptions = {}): ResolvedOptions {
  return {
    crc: options.crc ?? 'onError',
    network: options.network ?? 'always',
    onProgress: options.onProgress,
    visitor: options.visitor,
  };
}

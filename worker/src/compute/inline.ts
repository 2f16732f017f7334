/**
 * The compute step in the calling thread, without a pool: for in-process tools and tests of the
 * handlers (no memory ceiling; the deadline is only checked when the step returns).
 */
import { computeReplay } from './compute-replay.js';
import type { ReplayCompute } from './task.js';

export const inlineCompute: ReplayCompute = {
  async run(bytes, options = {}) {
    const result = await computeReplay(bytes, options.onProgress);
    options.signal?.throwIfAborted();
    return result;
  },
};

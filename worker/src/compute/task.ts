/**
 * What crosses between the job (main thread) and a compute thread: the original's bytes in; the
 * decoding summary, the analysis and the encoded track out (never the frames, which stay and die
 * in the thread). Values cross by structured clone, so a parse failure comes back as data.
 */
import type { MessagePort } from 'node:worker_threads';
import type { ReplayErrorCode } from '@rlcoach/parser';
import type { AnalyseOutcome } from '../analyse.js';
import type { DecodedSummary } from '../parse.js';
import type { StoredTrack } from '../track.js';

export interface ComputeTask {
  bytes: Uint8Array;
  /** Receives ComputeProgress messages while the thread works (optional). */
  progress?: MessagePort;
}

export interface ComputeProgress {
  /** ProcessingStage values; the thread does not load @rlcoach/db (its memory is the job's). */
  stage: 'parsing' | 'analysing';
  percent: number;
}

/** Where a compute task's time went (the bench prints it; the job returns it with its stages). */
export interface ComputeTimings {
  /** Epoch ms (sub-ms: timeOrigin + now, comparable between threads) the thread began and ended the task. */
  threadStartedAt: number;
  threadFinishedAt: number;
  parseMs: number;
  /** Per analysis pass (parser's AnalysisTimings). */
  analysisMs: Record<string, number>;
  trackSampleMs: number;
  trackEncodeMs: number;
  /** Epoch ms the pool handed the task to a thread and got its result back (unset inline). */
  postedAt?: number;
  receivedAt?: number;
}

export type ComputeResult =
  | {
      ok: true;
      decoded: DecodedSummary;
      analysis: AnalyseOutcome;
      track: StoredTrack | null;
      /** Milliseconds of each stage, measured in the thread (the bench's breakdown, the worker's metrics). */
      timings: ComputeTimings;
    }
  /** The file does not decode (a ReplayError): deterministic, retrying cannot help. */
  | { ok: false; code: ReplayErrorCode; message: string };

/** Data every compute thread is started with. */
export interface ComputeThreadData {
  /** Module URL imported once per thread before its first task (tests install stage hooks there). */
  preload?: string;
}

/** Runs the CPU part of a replay job somewhere: a thread of the pool, or inline in tests. */
export interface ReplayCompute {
  run(
    bytes: Uint8Array,
    options?: { signal?: AbortSignal; onProgress?: (p: ComputeProgress) => void },
  ): Promise<ComputeResult>;
}

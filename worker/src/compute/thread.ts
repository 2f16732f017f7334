/**
 * Entry of a compute thread (piscina). Loaded once when the thread starts, so the parser and
 * analysis modules are warm for every job; the optional preload (tests' stage hooks) comes first.
 */
import { workerData } from 'node:worker_threads';
import { computeReplay } from './compute-replay.js';
import type { ComputeResult, ComputeTask, ComputeThreadData } from './task.js';

async function runTask(task: ComputeTask): Promise<ComputeResult> {
  try {
    return await computeReplay(task.bytes, (p) => task.progress?.postMessage(p));
  } finally {
    task.progress?.close();
  }
}

async function load(): Promise<typeof runTask> {
  const preload = (workerData as ComputeThreadData | null)?.preload;
  if (preload) await import(preload);
  return runTask;
}

export default load();

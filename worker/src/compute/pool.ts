/**
 * The compute threads: a fixed set of warm worker threads (piscina), one job each at a time, each
 * with the per-job memory ceiling (JOB_MEMORY_MB) as its V8 resource limits. A thread that runs
 * out of memory or is terminated by a job's deadline fails only that job and is replaced.
 */
import { MessageChannel } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { ComputeThreadCrashError } from '../errors.js';
import { epochMs } from './clock.js';
import type { StoredTrack } from '../track.js';
import type {
  ComputeProgress,
  ComputeResult,
  ComputeTask,
  ComputeThreadData,
  ReplayCompute,
} from './task.js';

export interface ComputePoolOptions {
  threads: number;
  /** Per-thread memory ceiling, split between V8's generations by threadMemoryLimits. */
  memoryMb: number;
  /** Module URL each thread imports before its first task (see ComputeThreadData). */
  threadPreload?: string;
  /** Told when a thread dies under a job (before the job fails). */
  onThreadCrash?: (err: unknown) => void;
  /** Told of a thread that fails with no job on it (e.g. while starting). */
  onPoolError?: (err: unknown) => void;
}

export class ComputePool implements ReplayCompute {
  private readonly pool: Piscina;

  constructor(private readonly options: ComputePoolOptions) {
    const workerData: ComputeThreadData = { preload: options.threadPreload };
    this.pool = new Piscina({
      filename: fileURLToPath(new URL('./thread.js', import.meta.url)),
      minThreads: options.threads,
      maxThreads: options.threads,
      // Only as many jobs as threads ever run (BullMQ concurrency = threads), so no queueing here.
      idleTimeout: Number.POSITIVE_INFINITY,
      resourceLimits: threadMemoryLimits(options.memoryMb),
      workerData,
    });
    // Without a listener, an idle thread's failure would be an unhandled 'error' event.
    this.pool.on('error', (err: unknown) => options.onPoolError?.(err));
  }

  async run(
    bytes: Uint8Array,
    options: { signal?: AbortSignal; onProgress?: (p: ComputeProgress) => void } = {},
  ): Promise<ComputeResult> {
    const { port1, port2 } = new MessageChannel();
    port1.on('message', (p: ComputeProgress) => options.onProgress?.(p));
    const task: ComputeTask = { bytes, progress: port2 };
    try {
      const postedAt = epochMs();
      const result = (await this.pool.run(task, {
        transferList: [port2],
        signal: options.signal,
      })) as ComputeResult;
      if (result.ok) {
        result.timings.postedAt = postedAt;
        result.timings.receivedAt = epochMs();
        if (result.track) result.track = asBufferTrack(result.track);
      }
      return result;
    } catch (err) {
      // Aborted by the job's deadline: the thread was terminated; report the deadline's reason.
      if (options.signal?.aborted) throw options.signal.reason;
      if (isThreadDeath(err)) {
        this.options.onThreadCrash?.(err);
        throw new ComputeThreadCrashError(err);
      }
      throw err;
    } finally {
      port1.close();
    }
  }

  async close(): Promise<void> {
    await this.pool.close({ force: true });
  }
}

/** Out of memory, or a thread that exited under a task (piscina reports the exit code). */
function isThreadDeath(err: unknown): boolean {
  const e = err as NodeJS.ErrnoException | null;
  return e?.code === 'ERR_WORKER_OUT_OF_MEMORY' || /worker exited with code/.test(e?.message ?? '');
}

/** The track's bytes arrive as a plain Uint8Array (structured clone); the entity wants a Buffer. */
function asBufferTrack(track: StoredTrack): StoredTrack {
  const d = track.data as Uint8Array;
  return { ...track, data: Buffer.from(d.buffer, d.byteOffset, d.byteLength) };
}

/**
 * Split the per-job memory ceiling between V8's generations. A decoded replay allocates many
 * short-lived objects: with the default small young generation the parse spends most of its time
 * in GC (the parser bench measured ~23 MB/s vs ~130 MB/s with 192 MB young space). The total
 * stays within JOB_MEMORY_MB.
 */
export function threadMemoryLimits(totalMb: number): {
  maxOldGenerationSizeMb: number;
  maxYoungGenerationSizeMb: number;
} {
  const young = Math.min(192, Math.floor(totalMb * 0.375));
  return { maxOldGenerationSizeMb: totalMb - young, maxYoungGenerationSizeMb: young };
}

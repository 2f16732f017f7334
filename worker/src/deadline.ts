/**
 * One deadline over a whole replay job (load, parse, analysis, track, save). When it fires, its
 * signal aborts: the compute thread running the job is terminated, and the save transaction,
 * which carries the remaining time as Postgres' statement_timeout, rolls back. The job then fails
 * through BullMQ like any other error, which releases its lock.
 */
import { JobTimeoutError } from './errors.js';

export class JobDeadline {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout | undefined;
  /** Absolute time (ms since epoch) at which the job is out of time. */
  readonly at: number;

  constructor(readonly timeoutMs: number) {
    this.at = Date.now() + timeoutMs;
    if (Number.isFinite(timeoutMs))
      this.timer = setTimeout(() => this.controller.abort(new JobTimeoutError(timeoutMs)), timeoutMs);
  }

  /** A deadline that never fires (in-process tools and tests that do not exercise timeouts). */
  static none(): JobDeadline {
    return new JobDeadline(Number.POSITIVE_INFINITY);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get expired(): boolean {
    return this.controller.signal.aborted;
  }

  /** Throws the JobTimeoutError once the deadline has passed. */
  check(): void {
    this.controller.signal.throwIfAborted();
  }

  /** Whole milliseconds left, at least 1 (0 would mean "no limit" to Postgres). */
  remainingMs(): number {
    return Math.max(1, Math.floor(this.at - Date.now()));
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}

/** Runs `work` under a fresh deadline and clears its timer afterwards. */
export async function withDeadline<T>(timeoutMs: number, work: (d: JobDeadline) => Promise<T>): Promise<T> {
  const deadline = new JobDeadline(timeoutMs);
  try {
    return await work(deadline);
  } finally {
    deadline.dispose();
  }
}

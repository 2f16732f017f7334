/**
 * A transaction that cannot outlive the job's deadline: Postgres cancels any statement running
 * past it (statement_timeout, local to the transaction), and the deadline is checked again before
 * COMMIT. Either way the transaction rolls back and the job fails with the JobTimeoutError;
 * nothing is left open.
 */
import { inTransaction, type EntityManager, type MikroORM } from '@rlcoach/db';
import type { JobDeadline } from './deadline.js';
import { JobTimeoutError } from './errors.js';

/** Postgres' SQLSTATE for a statement cancelled by statement_timeout. */
const QUERY_CANCELED = '57014';

export async function transactionWithin<T>(
  orm: MikroORM,
  deadline: JobDeadline,
  work: (tx: EntityManager) => Promise<T>,
): Promise<T> {
  deadline.check();
  try {
    return await inTransaction(
      orm.em.fork(),
      async (tx) => {
        const out = await work(tx);
        deadline.check(); // out of time before COMMIT: roll back
        return out;
      },
      { statementTimeoutMs: () => deadline.remainingMs() },
    );
  } catch (err) {
    if (deadline.expired) throw deadline.signal.reason;
    // The statement timeout fired a moment before the timer did.
    if ((err as { code?: string } | null)?.code === QUERY_CANCELED)
      throw new JobTimeoutError(deadline.timeoutMs);
    throw err;
  }
}

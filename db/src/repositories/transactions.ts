/**
 * One transaction on the caller's fork for services that compose several repository calls
 * atomically (they never open one on the entity manager themselves).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { limitTransactionStatements } from './match-copies-repository.js';

export interface TransactionOptions {
  /**
   * Cancel any statement of the transaction running past this many milliseconds (Postgres
   * statement_timeout, SQLSTATE 57014); omitted or not finite: no limit. A function is read once
   * the transaction has begun (the time left of a deadline).
   */
  statementTimeoutMs?: number | (() => number);
}

/** Run `work` in one transaction: committed when it resolves, rolled back when it throws. */
export function inTransaction<T>(
  em: EntityManager,
  work: (tx: EntityManager) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  return em.transactional(async (tx) => {
    const limit = options.statementTimeoutMs;
    const ms = typeof limit === 'function' ? limit() : limit;
    if (ms !== undefined && Number.isFinite(ms)) await limitTransactionStatements(tx, ms);
    return work(tx);
  });
}

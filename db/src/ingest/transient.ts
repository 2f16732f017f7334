/**
 * Is this failure a backing service being briefly away (Postgres restarting, a dropped connection,
 * Redis down) rather than a bug or a bad file? Such a file is answered SERVICE_UNAVAILABLE, which
 * clients retry on their own; anything else stays INTERNAL.
 */
import { ConnectionException } from '@mikro-orm/core';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN']);

export function isTransientFailure(err: unknown): boolean {
  for (let e = err as Record<string, unknown> | undefined, depth = 0; e && depth < 5; depth++) {
    if (e instanceof ConnectionException) return true;
    const code = typeof e.code === 'string' ? e.code : '';
    // Node network errors; Postgres class 08 (connection) and 57P01-03 (shutdown, crash, starting up).
    if (NETWORK_CODES.has(code) || code.startsWith('08') || /^57P0[1-3]$/.test(code)) return true;
    if (code === 'QUEUE_UNAVAILABLE') return true;
    const name = typeof e.name === 'string' ? e.name : '';
    const message = typeof e.message === 'string' ? e.message : '';
    if (
      name === 'KnexTimeoutError' ||
      /Connection terminated|Timeout acquiring a connection|the database system is (shutting down|starting up)/i.test(
        message,
      )
    )
      return true;
    e = (e.cause ?? e.previous) as Record<string, unknown> | undefined;
  }
  return false;
}

/** Raw statements on the caller's entity manager, inside its transaction when it has one. */
import type { EntityManager } from '@mikro-orm/postgresql';

export function sqlAll<T>(em: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  return em.getConnection().execute<T[]>(sql, params, 'all', em.getTransactionContext());
}

export async function sqlRun(em: EntityManager, sql: string, params: unknown[] = []): Promise<number> {
  const res = await em.getConnection().execute(sql, params, 'run', em.getTransactionContext());
  return (res as { affectedRows?: number }).affectedRows ?? 0;
}

/** Owner preferences the summaries depend on (defaults when the user never saved any). */
export async function ownerPreferences(
  em: EntityManager,
  userId: string,
): Promise<{ timeZone: string; gapMinutes: number }> {
  const rows = await sqlAll<{ time_zone: string; session_gap_minutes: number }>(
    em,
    'select time_zone, session_gap_minutes from user_preferences where user_id = ?',
    [userId],
  );
  return { timeZone: rows[0]?.time_zone ?? 'UTC', gapMinutes: rows[0]?.session_gap_minutes ?? 30 };
}

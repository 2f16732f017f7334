/** Liveness of the database for health checks. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sqlAll } from './sql-exec.js';

/** One round trip to Postgres; rejects with the driver's error when it is unreachable. */
export async function pingDatabase(em: EntityManager): Promise<void> {
  await sqlAll(em, 'select 1');
}

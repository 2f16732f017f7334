export { createOrm, migrateUp, type CreateOrmOptions } from './orm.js';
export { ormConfig } from './mikro-orm.config.js';
export { readDbEnv, DbConfigError, DEFAULT_DATABASE_URL, type DbEnv } from './env.js';
export * from './entities/index.js';
export { ReplayRepository, type ReplayState } from './repositories/replay-repository.js';
export { linkOwner, isOwner } from './repositories/ownership-repository.js';
export {
  refreshSummaries,
  syncUserSummaries,
  syncReplayOwners,
  staleSummaryIds,
  reconcileSummaries,
  backfillSummaries,
} from './repositories/summary-repository.js';
export { regroupSessions } from './repositories/play-session-repository.js';
export { OWNERSHIP_COUNTS_SQL } from './repositories/ownership-counts.js';
export * from './enums.js';
export { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
export { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
export * from './rate-limit/index.js';
export * from './http/client-address.js';

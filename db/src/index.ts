export { createOrm, migrateUp, type CreateOrmOptions } from './orm.js';
export { ormConfig } from './mikro-orm.config.js';
export { readDbEnv, type DbEnv } from './config/database.js';
export { ConfigError } from './config/env-schema.js';
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

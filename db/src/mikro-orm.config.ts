import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { fileURLToPath } from 'node:url';
import { entities } from './entities/index.js';
import { readDbEnv, type DbEnv } from './config/database.js';
import { migrationsList } from './migrations/index.js';

/** db/src/migrations, where the generator writes (the runner uses the static list, so dist works too). */
const migrationsSourceDir = fileURLToPath(new URL('../src/migrations', import.meta.url));

/** ORM options from a validated env: the app, the migration CLI and tests all build theirs here. */
export function ormConfig(env: DbEnv = readDbEnv(), overrides: Partial<Options> = {}): Options {
  return defineConfig({
    clientUrl: env.databaseUrl,
    entities,
    extensions: [Migrator],
    debug: env.debug,
    pool: { min: 0, max: env.poolMax },
    // A request waits at most 30 s for a pooled connection (knex's default is 60 s): long enough for
    // a burst to queue for the pool, short enough that a hung Postgres becomes a clear, retryable
    // error (a refused connection fails at once either way).
    driverOptions: { acquireConnectionTimeout: 30_000 },
    // Work must go through em.fork() per request/job.
    allowGlobalContext: false,
    discovery: { warnWhenNoEntities: true },
    migrations: {
      path: migrationsSourceDir,
      pathTs: migrationsSourceDir,
      migrationsList,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      silent: true,
      allOrNothing: true,
      snapshot: true,
      snapshotName: '.snapshot-rlcoach',
      emit: 'ts',
      fileName: (timestamp: string, name?: string) => `Migration${timestamp}${name ? `_${name}` : ''}`,
    },
    ...overrides,
  });
}

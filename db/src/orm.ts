import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { ormConfig } from './mikro-orm.config.js';
import { readDbEnv, type DbEnv } from './config/database.js';

export interface CreateOrmOptions {
  /** Defaults to the validated process env. */
  env?: DbEnv;
  /** A database URL overriding env.databaseUrl (tests). */
  databaseUrl?: string;
  overrides?: Partial<Options>;
}

/** Connect the ORM. Use `orm.em.fork()` for every request and job: the global EM is disabled. */
export async function createOrm(options: CreateOrmOptions = {}): Promise<MikroORM> {
  const env =
    options.env ??
    readDbEnv(options.databaseUrl ? { ...process.env, DATABASE_URL: options.databaseUrl } : process.env);
  const effective = options.databaseUrl ? { ...env, databaseUrl: options.databaseUrl } : env;
  return MikroORM.init(ormConfig(effective, options.overrides));
}

/** Apply pending migrations; returns the names applied. */
export async function migrateUp(orm: MikroORM): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((m) => m.name);
}

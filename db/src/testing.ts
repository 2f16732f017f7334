/**
 * Test isolation: every integration test file gets its own freshly migrated database,
 * created through the postgres superuser (trust auth on 127.0.0.1) and dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { createOrm, migrateUp } from './orm.js';
import { readDbEnv } from './config/database.js';

export interface TestDatabase {
  orm: MikroORM;
  /** Connection URL of the new database (as the application role). */
  url: string;
  name: string;
  /** Close the ORM and drop the database (safe to call twice). */
  drop(): Promise<void>;
}

const SUPERUSER_URL = process.env.TEST_PG_SUPERUSER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Run one statement as the superuser on the maintenance database. */
async function asSuperuser(sql: string): Promise<void> {
  const orm = await MikroORM.init({
    clientUrl: SUPERUSER_URL,
    entities: [],
    discovery: { warnWhenNoEntities: false },
    pool: { min: 0, max: 1 },
  });
  try {
    await orm.em.getConnection().execute(sql, [], 'run');
  } finally {
    await orm.close(true);
  }
}

export async function createTestDatabase(label = 'test'): Promise<TestDatabase> {
  const safeLabel = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 20);
  const name = `rlcoach_t_${safeLabel}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const base = new URL(readDbEnv().databaseUrl);
  const owner = decodeURIComponent(base.username || 'rlcoach');
  await asSuperuser(`create database "${name}" owner "${owner}"`);
  base.pathname = `/${name}`;
  const url = base.toString();
  let orm: MikroORM;
  try {
    orm = await createOrm({ databaseUrl: url });
    await migrateUp(orm);
  } catch (e) {
    await asSuperuser(`drop database if exists "${name}" with (force)`);
    throw e;
  }
  let dropped = false;
  return {
    orm,
    url,
    name,
    async drop() {
      if (dropped) return;
      dropped = true;
      await orm.close(true);
      await asSuperuser(`drop database if exists "${name}" with (force)`);
    },
  };
}

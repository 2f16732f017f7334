// `npm run -s -w db migrate`: apply pending migrations to DATABASE_URL.
import { createOrm, migrateUp } from '../orm.js';

const orm = await createOrm();
try {
  const applied = await migrateUp(orm);
  console.error(
    applied.length === 0 ? 'migrations: up to date' : `migrations applied: ${applied.join(', ')}`,
  );
} finally {
  await orm.close(true);
}

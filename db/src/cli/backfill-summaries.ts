// `node db/dist/cli/backfill-summaries.js`: one-off step after the summaries migration: compute
// replay_summaries and play_sessions for every user owning replays (dashboards also repair any
// missing row on first read, so running it is an optimisation, not a requirement).
import { createOrm } from '../orm.js';
import { backfillSummaries } from '../repositories/summary-repository.js';

const orm = await createOrm();
try {
  const users = await backfillSummaries(orm.em.fork());
  console.error(`summaries: backfilled ${users} user(s)`);
} finally {
  await orm.close(true);
}

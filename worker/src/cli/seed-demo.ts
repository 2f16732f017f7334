// `npm run -s -w worker seed` (→ node worker/dist/cli/seed-demo.js): create the demo account and ingest its replays.
import { createOrm } from '@rlcoach/db';
import { readWorkerConfig } from '../config.js';
import { seedDemo } from '../demo-seed.js';
import { createLogger } from '@rlcoach/db/logging/logger';
import { ReplayProducer } from '@rlcoach/db/queues/producer';
import { openStorage } from '@rlcoach/db/storage/open';

const config = readWorkerConfig();
const log = createLogger('seed', { level: config.logLevel, destination: 2 });
const orm = await createOrm({ env: config.db });
const producer = new ReplayProducer({ redisUrl: config.redisUrl, prefix: config.bullmqPrefix });
try {
  const report = await seedDemo({
    orm,
    storage: openStorage(config.storage),
    enqueue: producer,
    log,
  });
  const rejected = report.ingested.filter((i) => i.outcome === 'rejected');
  console.error(
    `demo seed: user ${report.userCreated ? 'created' : 'present'}, ${report.ingested.length} ingested, ${report.alreadyPresent.length} already present, ${report.claimed.length} players claimed` +
      (rejected.length
        ? `, ${rejected.length} REJECTED: ${rejected.map((r) => `${r.fileName} (${r.error?.code})`).join(', ')}`
        : ''),
  );
  if (rejected.length > 0) process.exitCode = 1;
} finally {
  await producer.close();
  await orm.close(true);
}

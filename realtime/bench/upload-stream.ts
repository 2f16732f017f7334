/**
 * Upload streaming benchmark: POST batches through the real endpoint (real
 * busboy, temp files, Redis adapter) with an ingest that only hashes each temp
 * file, and print throughput and the server's peak RSS growth. Figures, not asserts.
 *   npx tsx realtime/bench/upload-stream.ts [files=50] [mb=8] [rounds=3]
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { createRealtime } from '../src/app.js';
import type { RateLimiter } from '@rlcoach/db';
import { signSessionToken } from '@rlcoach/db/contracts/session-token';

const run = promisify(execFile);
const [files = 50, mb = 8, rounds = 3] = process.argv.slice(2).map(Number);
const secret = 'bench-secret-0123456789abcdef0123';
const uploadTmpDir = path.join(os.tmpdir(), `rlcoach-bench-${randomUUID().slice(0, 8)}`);
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const server = createServer();
const rt = createRealtime(
  server,
  {
    redis,
    queue: { depth: async () => 0 },
    replays: { statusFor: async () => [] },
    // The bench measures streaming, not limits: 150 files from one user would hit the hourly budget.
    limiter: {
      consume: async () => ({ allowed: true, remaining: Number.MAX_SAFE_INTEGER }),
    } as unknown as RateLimiter,
    ingestor: {
      createBatch: async () => ({ batchId: randomUUID() }),
      ingestFile: async (f) => {
        createHash('sha1')
          .update(await readFile(f.tempPath))
          .digest();
        return { outcome: 'accepted', replayId: randomUUID() };
      },
    },
  },
  {
    sessionSecret: secret,
    requireSession: false,
    webOrigins: [],
    socketIoKey: `rlcoach-bench-${randomUUID().slice(0, 8)}`,
    uploadTmpDir,
    uploadMaxFiles: 50,
    uploadMaxBytes: 10 * 1024 * 1024,
    queueMaxDepth: 1000,
  },
);
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/uploads`;
const token = signSessionToken(secret, randomUUID());
// The client is curl in its own process, so the RSS below is the server's alone.
const payload = path.join(os.tmpdir(), `rlcoach-bench-${randomUUID().slice(0, 8)}.bin`);
await writeFile(payload, randomBytes(mb * 1024 * 1024));
const args = ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-H', `Authorization: Bearer ${token}`];
for (let i = 0; i < files; i++) args.push('-F', `files=@${payload};filename=f${i}.replay`);

let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
const baseline = process.memoryUsage().rss;
for (let r = 0; r < rounds; r++) {
  const t0 = performance.now();
  const { stdout } = await run('curl', [...args, url]);
  const s = (performance.now() - t0) / 1000;
  console.log(
    `round ${r + 1}: ${files} × ${mb} MB → ${stdout} in ${s.toFixed(2)} s (${((files * mb) / s).toFixed(0)} MB/s)`,
  );
}
clearInterval(sampler);
console.log(
  `server rss: baseline ${(baseline / 2 ** 20).toFixed(0)} MB, peak ${(peak / 2 ** 20).toFixed(0)} MB, for ${files * mb} MB per batch`,
);
await rm(payload, { force: true });
await rm(uploadTmpDir, { recursive: true, force: true });
await rt.close();
redis.disconnect();

/**
 * The worker's small HTTP listener on a real worker process: /healthz (alive), /readyz (Postgres and
 * Redis reachable: 503 naming Redis when it is not, and while draining on SIGTERM), /metrics with the
 * job, outcome and parse/analysis figures of a real replay job.
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { createUser, demoBytes, DEMO_FILES, pipelineHarness, spawnWorker, waitFor } from './support.js';
import { Replay } from '@rlcoach/db';

const harness = pipelineHarness('worker_obs');

type Readiness = { status: string; checks: Record<string, { ok: boolean; error?: string }> };

async function listenerUrl(w: { waitForLog(msg: string): Promise<Record<string, unknown>> }) {
  const line = await w.waitForLog('ops listener');
  return `http://127.0.0.1:${line.port as number}`;
}

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

describe('worker /healthz, /readyz, /metrics', () => {
  it('is ready with its dependencies, counts a real job, and turns unready while draining', async () => {
    const l = await harness.lane('obs');
    const owner = await createUser(harness.db.orm, 'owner');
    await harness.db.orm.em.fork().nativeDelete(Replay, {});
    const w = await l.start({}, { analyse: { delayMs: 700 } });
    const url = await listenerUrl(w);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${url}/readyz`);
    const body = (await ready.json()) as Readiness;
    expect(ready.status, JSON.stringify(body)).toBe(200);
    expect(body.checks.postgres?.ok && body.checks.redis?.ok).toBe(true);

    const r = await l.upload(owner, 'obs.replay', await demoBytes(DEMO_FILES[0]));
    await w.waitForLog('job completed', (line) => line.replayId === r.replayId, 60_000);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(
      /rlcoach_jobs_total\{[^}]*queue="replays",name="replay\.process",outcome="completed"[^}]*\} 1/,
    );
    expect(metrics).toMatch(/rlcoach_replay_stage_duration_seconds_count\{[^}]*stage="parse"[^}]*\} 1/);
    expect(metrics).toMatch(/rlcoach_replay_stage_duration_seconds_count\{[^}]*stage="analysis"[^}]*\} 1/);
    expect(metrics).toMatch(/service="worker"/);
    // Through a proxy (a forwarded address) the metrics are refused without the token.
    expect((await fetch(`${url}/metrics`, { headers: { 'x-forwarded-for': '198.51.100.2' } })).status).toBe(
      403,
    );

    // SIGTERM mid-job: /readyz turns 503 at once while the job finishes, then the process exits 0.
    const second = await l.upload(owner, 'obs2.replay', await demoBytes(DEMO_FILES[2]));
    await w.waitForLog('job started', (line) => line.replayId === second.replayId);
    const exited = w.stop();
    const draining = await waitFor('readyz 503 while draining', async () => {
      const res = await fetch(`${url}/readyz`).catch(() => null);
      return res && res.status === 503 ? ((await res.json()) as Readiness) : null;
    });
    expect(draining.checks.accepting?.ok).toBe(false);
    expect(await exited).toBe(0);
    expect(w.lines.some((line) => line.msg === 'job completed' && line.replayId === second.replayId)).toBe(
      true,
    );
  });

  it('/readyz is 503 naming Redis when Redis is unreachable, while /healthz stays 200', async () => {
    const l = await harness.lane('obs-down');
    const port = await closedPort();
    // The worker cannot become ready without Redis: its listener answers all the same.
    const w = spawnWorker({
      DATABASE_URL: harness.db.url,
      REDIS_URL: `redis://127.0.0.1:${port}`,
      BULLMQ_PREFIX: l.prefix,
      SOCKET_IO_KEY: l.socketKey,
      STORAGE_DIR: l.storage.root,
      WORKER_HTTP_PORT: '0',
    });
    try {
      const url = await listenerUrl(w);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const res = await fetch(`${url}/readyz`);
      const body = (await res.json()) as Readiness;
      expect(res.status).toBe(503);
      expect(body.checks.redis?.ok).toBe(false);
      expect(body.checks.postgres?.ok).toBe(true);
    } finally {
      w.child.kill('SIGKILL');
    }
  });
});

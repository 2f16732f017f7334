/** GET /healthz against real Redis and a real storage directory. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { storageCheck } from '../src/http/checks.js';
import type { HealthReport } from '../src/http/health.js';
import { fixedDepth, startNode, uniqueKey, unreachable, type TestNode } from './support/node.js';

const nodes: TestNode[] = [];
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(nodes.map((n) => n.close()));
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});
const tempDir = async () => {
  const d = await mkdtemp(path.join(os.tmpdir(), 'rlcoach-health-'));
  dirs.push(d);
  return d;
};

async function health(depth: number, storageDir: string) {
  const n = await startNode(
    { ...unreachable, queue: fixedDepth(depth), healthChecks: { storage: storageCheck(storageDir) } },
    { socketIoKey: uniqueKey('health'), queueMaxDepth: 10 },
  );
  nodes.push(n);
  const res = await fetch(`${n.url}/healthz`);
  return { status: res.status, body: (await res.json()) as HealthReport };
}

describe('GET /healthz', () => {
  it('is healthy with Redis up, the queue under its depth and storage writable', async () => {
    const dir = await tempDir();
    const { status, body } = await health(3, dir);
    expect(status).toBe(200);
    expect(body.status).toBe('healthy');
    expect(body.checks.redis).toMatchObject({ ok: true });
    expect(body.checks.queue).toMatchObject({ ok: true, depth: 3, maxDepth: 10 });
    expect(body.checks.storage).toMatchObject({ ok: true, usedPercent: expect.any(Number) });
  });

  it('is degraded (503) when the queue is over its depth, with the figures', async () => {
    const dir = await tempDir();
    const { status, body } = await health(11, dir);
    expect(status).toBe(503);
    expect(body.status).toBe('degraded');
    expect(body.checks.queue).toMatchObject({
      ok: false,
      depth: 11,
      maxDepth: 10,
      error: expect.stringMatching(/depth/),
    });
    expect(body.checks.redis?.ok).toBe(true);
  });

  it('is degraded when storage cannot be written', async () => {
    const file = path.join(await tempDir(), 'not-a-dir');
    await writeFile(file, 'x');
    const { status, body } = await health(0, file);
    expect(status).toBe(503);
    expect(body.checks.storage).toMatchObject({ ok: false, error: expect.any(String) });
  });
});

describe('request ids', () => {
  it('gives every response an X-Request-Id, echoing a proxy’s plain id and replacing an unsafe one', async () => {
    const n = await startNode(
      { ...unreachable, queue: fixedDepth(0) },
      { socketIoKey: uniqueKey('reqid'), queueMaxDepth: 10 },
    );
    nodes.push(n);
    const fresh = (await fetch(`${n.url}/healthz`)).headers.get('x-request-id');
    expect(fresh).toMatch(/^[0-9a-f-]{36}$/);
    const other = (await fetch(`${n.url}/healthz`)).headers.get('x-request-id');
    expect(other).not.toBe(fresh);
    const echoed = await fetch(`${n.url}/nowhere`, { headers: { 'x-request-id': 'nginx-abc.123' } });
    expect(echoed.status).toBe(404);
    expect(echoed.headers.get('x-request-id')).toBe('nginx-abc.123');
    const unsafe = await fetch(`${n.url}/healthz`, { headers: { 'x-request-id': 'a b<script>' } });
    expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

/**
 * POST /api/uploads end to end: real HTTP, real busboy, the worker's real ingest
 * (parser header check, dedupe, storage, one transaction), a fresh Postgres
 * database and a BullMQ queue under a unique prefix, with real corpus replays.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Replay, UploadItem, isOwner } from '@rlcoach/db';
import { signSessionToken } from '@rlcoach/db/contracts/session-token';
import type { Ack, ReplayStatusSnapshot } from '@rlcoach/db/contracts/socket-events';
import type { HealthReport } from '../src/http/health.js';
import type { UploadResponse } from '../src/uploads/route.js';
import { corpusMessage, goodReplays } from './support/corpus.js';
import { TEST_SECRET, client, connected, startNode, uniqueKey, type TestNode } from './support/node.js';
import { createTestPlatform, type TestPlatform } from './support/platform.js';

const MB = 1024 * 1024;
const replays = goodReplays();
if (replays.length < 4) console.warn(`upload.test.ts skipped: ${corpusMessage}`);

type Part = { name: string; bytes: Uint8Array };

describe.skipIf(replays.length < 4)('POST /api/uploads with the real ingest', () => {
  let platform: TestPlatform;
  let node: TestNode;
  let alice: string;
  let bob: string;
  let good: Part[];
  const token = (userId: string) => `Bearer ${signSessionToken(TEST_SECRET, userId, { ttlSeconds: 3600 })}`;

  beforeAll(async () => {
    platform = await createTestPlatform('upload');
    node = await startNode(platform.deps, { socketIoKey: uniqueKey('upload') });
    alice = await platform.createUser('Alice');
    bob = await platform.createUser('Bob');
    good = await Promise.all(
      replays
        .slice(0, 4)
        .map(async (p) => ({ name: path.basename(p), bytes: new Uint8Array(await readFile(p)) })),
    );
  });
  afterAll(async () => {
    await Promise.allSettled([node?.close()]);
    await platform?.close();
  });
  // Refusals are answers, not server errors: nothing in this file may reach the error log.
  afterEach(() => {
    expect(platform.errors).toEqual([]);
  });

  async function upload(userId: string, parts: Part[], target: TestNode = node) {
    const form = new FormData();
    for (const p of parts) form.append('files', new Blob([p.bytes]), p.name);
    const res = await fetch(`${target.url}/api/uploads`, {
      method: 'POST',
      headers: { authorization: token(userId) },
      body: form,
    });
    return {
      status: res.status,
      headers: res.headers,
      body: (await res.json()) as UploadResponse & { error?: { code: string; message: string } },
    };
  }

  const em = () => platform.db.orm.em.fork();

  it('accepts 3 good replays: 3 replay rows owned by the uploader, 3 queued jobs, a header preview each', async () => {
    const { status, headers, body } = await upload(alice, good.slice(0, 3));
    expect(status).toBe(200);
    // Where the upload's time went, for clients and the pipeline bench.
    expect(headers.get('server-timing')).toMatch(
      /^checks;dur=[\d.]+, receive;dur=[\d.]+, ingest;dur=[\d.]+, cleanup;dur=[\d.]+$/,
    );
    expect(body.files.map((f) => [f.index, f.fileName, f.outcome])).toEqual(
      good.slice(0, 3).map((g, i) => [i, g.name, 'accepted']),
    );
    for (const f of body.files) {
      expect(f.replayId).toMatch(/^[0-9a-f-]{36}$/);
      expect(f.uploadItemId).toMatch(/^[0-9a-f-]{36}$/);
      expect(f.preview).toMatchObject({ matchGuid: expect.any(String) });
      expect(await platform.producer.hasJob(f.replayId!)).toBe(true);
      expect(await isOwner(em(), alice, f.replayId!)).toBe(true);
    }
    const rows = await em().find(Replay, { id: { $in: body.files.map((f) => f.replayId!) } });
    expect(rows.map((r) => [r.status, r.sizeBytes]).sort()).toEqual(
      good
        .slice(0, 3)
        .map((g) => ['queued', g.bytes.length])
        .sort(),
    );
    expect(await platform.producer.queueDepth()).toBe(3);
    expect(await em().count(UploadItem, { batch: body.batchId })).toBe(3);
    // The originals are in the store the worker reads from.
    for (const r of rows) expect(await platform.storage.has(r.storageKey)).toBe(true);
  });

  it('links the same file uploaded by a second user as a duplicate, without a new job', async () => {
    const first = await em().findOneOrFail(UploadItem, { fileName: good[0]!.name }, { populate: ['replay'] });
    const { status, body } = await upload(bob, [good[0]!]);
    expect(status).toBe(200);
    expect(body.files[0]).toMatchObject({
      outcome: 'duplicate',
      replayId: first.replay!.id,
      preview: expect.any(Object),
    });
    expect(await isOwner(em(), bob, first.replay!.id)).toBe(true);
    expect(await platform.producer.queueDepth()).toBe(3);
    expect(await em().count(Replay, {})).toBe(3);
  });

  it('refuses a corrupt replay, a text file and a 20 MB file with their codes while keeping the good file of the batch', async () => {
    const corrupt: Part = { name: 'cut.replay', bytes: good[3]!.bytes.slice(0, 300) };
    const text: Part = {
      name: 'notes.txt',
      bytes: new TextEncoder().encode('gg ez, see you next game\n'.repeat(20)),
    };
    const huge: Part = { name: 'huge.replay', bytes: new Uint8Array(20 * MB).fill(1) };
    const { status, body } = await upload(alice, [corrupt, text, huge, good[3]!]);
    expect(status).toBe(200);
    expect(body.files.map((f) => [f.fileName, f.outcome, f.error?.code])).toEqual([
      ['cut.replay', 'rejected', 'CORRUPT_HEADER'],
      ['notes.txt', 'rejected', 'NOT_A_REPLAY'],
      ['huge.replay', 'rejected', 'FILE_TOO_LARGE'],
      [good[3]!.name, 'accepted', undefined],
    ]);
    for (const f of body.files.slice(0, 3)) expect(f.error!.message.length).toBeGreaterThan(10);
    // Every file, refused or not, is in the batch history.
    const items = await em().find(UploadItem, { batch: body.batchId }, { orderBy: { createdAt: 'asc' } });
    expect(items.map((i) => [i.fileName, i.outcome, i.errorCode]).sort()).toEqual(
      [
        ['cut.replay', 'rejected', 'CORRUPT_HEADER'],
        ['notes.txt', 'rejected', 'NOT_A_REPLAY'],
        ['huge.replay', 'rejected', 'FILE_TOO_LARGE'],
        [good[3]!.name, 'accepted', null],
      ].sort(),
    );
    expect(await platform.producer.queueDepth()).toBe(4);
  });

  it('answers 4xx with the same body when every file is refused', async () => {
    const text: Part = { name: 'readme.md', bytes: new TextEncoder().encode('# not a replay') };
    const { status, body } = await upload(alice, [text]);
    expect(status).toBe(415);
    expect(body.batchId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.files).toEqual([
      expect.objectContaining({
        outcome: 'rejected',
        error: expect.objectContaining({ code: 'NOT_A_REPLAY' }),
      }),
    ]);
  });

  it('processes the first 50 files of a 51-file batch and refuses the 51st with TOO_MANY_FILES', async () => {
    const parts = Array.from({ length: 51 }, (_, i) => ({
      name: `batch-${i}.replay`,
      bytes: good[1]!.bytes,
    }));
    const { status, body } = await upload(bob, parts);
    expect(status).toBe(200);
    expect(body.files).toHaveLength(51);
    // Alice already uploaded this match, so for Bob every stored copy is a duplicate of it.
    expect(new Set(body.files.slice(0, 50).map((f) => f.outcome))).toEqual(new Set(['duplicate']));
    expect(body.files[50]).toMatchObject({
      index: 50,
      outcome: 'rejected',
      error: { code: 'TOO_MANY_FILES' },
    });
    expect(await em().count(UploadItem, { batch: body.batchId })).toBe(51);
    expect(await platform.producer.queueDepth()).toBe(4);
  });

  it('answers 503 with Retry-After, storing nothing, when the queue is over the configured depth', async () => {
    const strict = await startNode(platform.deps, { socketIoKey: uniqueKey('strict'), queueMaxDepth: 3 });
    try {
      const itemsBefore = await em().count(UploadItem, {});
      const { status, headers, body } = await upload(alice, [good[2]!], strict);
      expect(status).toBe(503);
      expect(Number(headers.get('retry-after'))).toBeGreaterThan(0);
      expect(body.error).toMatchObject({ code: 'QUEUE_BUSY', message: expect.stringMatching(/retry/i) });
      expect(await em().count(UploadItem, {})).toBe(itemsBefore);
    } finally {
      await strict.close();
    }
  });

  it('keeps every file of a 5-file batch in its history when Postgres fails on one: 5 items, the failed one with its reason', async () => {
    // The third file's ingest meets a dropped Postgres connection (as pg reports a server restart).
    let calls = 0;
    const flaky = {
      ...platform.deps,
      ingestor: {
        ...platform.deps.ingestor,
        ingestFile: (input: Parameters<typeof platform.deps.ingestor.ingestFile>[0]) =>
          ++calls === 3
            ? Promise.reject(
                Object.assign(new Error('terminating connection due to administrator command'), {
                  code: '57P01',
                }),
              )
            : platform.deps.ingestor.ingestFile(input),
      },
    };
    const shaky = await startNode(flaky, { socketIoKey: uniqueKey('flaky') });
    try {
      const erin = await platform.createUser('Erin');
      const text: Part = { name: 'notes.txt', bytes: new TextEncoder().encode('not a replay') };
      const { status, body } = await upload(erin, [good[0]!, good[1]!, good[2]!, good[3]!, text], shaky);
      expect(status).toBe(200);
      expect(body.files.map((f) => [f.fileName, f.outcome, f.error?.code])).toEqual([
        [good[0]!.name, 'duplicate', undefined],
        [good[1]!.name, 'duplicate', undefined],
        [good[2]!.name, 'rejected', 'SERVICE_UNAVAILABLE'],
        [good[3]!.name, 'duplicate', undefined],
        ['notes.txt', 'rejected', 'NOT_A_REPLAY'],
      ]);
      expect(body.files[2]!.error!.message).toMatch(/retried automatically/);
      const items = await em().find(UploadItem, { batch: body.batchId });
      expect(items).toHaveLength(5);
      expect(items.find((i) => i.fileName === good[2]!.name)).toMatchObject({
        outcome: 'rejected',
        errorCode: 'SERVICE_UNAVAILABLE',
      });
      expect(body.files.every((f) => typeof f.uploadItemId === 'string')).toBe(true);
    } finally {
      await shaky.close();
      // The injected failure was logged as it should be; nothing else may have been.
      expect(platform.errors.map((e) => e.msg)).toEqual(['ingest failed']);
      platform.errors.length = 0;
    }
  });

  it('answers 503 + Retry-After (retried by the client) when the batch itself cannot be recorded', async () => {
    const down = {
      ...platform.deps,
      ingestor: {
        ...platform.deps.ingestor,
        createBatch: () =>
          Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
      },
    };
    const node2 = await startNode(down, { socketIoKey: uniqueKey('nobatch') });
    try {
      const { status, headers, body } = await upload(alice, [good[0]!], node2);
      expect(status).toBe(503);
      expect(Number(headers.get('retry-after'))).toBeGreaterThan(0);
      expect(body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    } finally {
      await node2.close();
      expect(platform.errors.map((e) => e.msg)).toEqual(['could not open an upload batch']);
      platform.errors.length = 0;
    }
  });

  it('answers 401 for a valid token whose account no longer exists', async () => {
    const { status, body } = await upload('99999999-9999-4999-8999-999999999999', [good[0]!]);
    expect(status).toBe(401);
    expect(body.error?.code).toBe('TOKEN_INVALID');
  });

  it('returns replay:status for the caller’s own replays only', async () => {
    const mine = await em().find(Replay, {}, { orderBy: { createdAt: 'asc' } });
    const ids = mine.map((r) => r.id);
    const ask = async (userId: string) => {
      const socket = await connected(client(node.url, signSessionToken(TEST_SECRET, userId)));
      try {
        return await socket.timeout(5000).emitWithAck('replay:status', { replayIds: ids });
      } finally {
        socket.disconnect();
      }
    };
    const sorted = (a: Ack<ReplayStatusSnapshot[]>) =>
      a.ok ? [...a.data].sort((x, y) => x.replayId.localeCompare(y.replayId)) : a;
    const aliceAck = await ask(alice);
    expect(aliceAck.ok).toBe(true);
    expect(sorted(aliceAck)).toEqual(
      [...ids]
        .sort()
        .map((replayId) => ({ replayId, stage: 'queued', percent: 0, status: 'queued', reason: null })),
    );
    // Bob owns two of them (the duplicates he uploaded) and sees exactly those.
    const bobAck = await ask(bob);
    const bobOwns = [];
    for (const id of ids) if (await isOwner(em(), bob, id)) bobOwns.push(id);
    expect(bobOwns).toHaveLength(2);
    expect(bobAck.ok && bobAck.data.map((s: ReplayStatusSnapshot) => s.replayId).sort()).toEqual(
      bobOwns.sort(),
    );
  });

  it('reports the database in /healthz', async () => {
    const res = await fetch(`${node.url}/healthz`);
    const body = (await res.json()) as HealthReport;
    expect(res.status).toBe(200);
    expect(body.checks.database).toMatchObject({ ok: true });
    expect(body.checks.queue).toMatchObject({ ok: true, depth: 4 });
  });
});

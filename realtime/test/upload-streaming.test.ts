/**
 * The streaming layer of POST /api/uploads over real HTTP: what reaches ingest is
 * byte-identical to what was sent, limits are enforced while streaming, and no
 * temp file outlives its request. Ingest here is a recorder that hashes the temp
 * file it is given; upload.test.ts runs the same endpoint with the real ingest.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UploadOutcome } from '@rlcoach/db/enums';
import { signSessionToken } from '@rlcoach/db/contracts/session-token';
import type { IngestFileInput, Logger, UploadIngestor } from '../src/ports.js';
import type { UploadResponse } from '../src/uploads/route.js';
import { goodReplays } from './support/corpus.js';
import { TEST_SECRET, fixedDepth, startNode, uniqueKey, unreachable, type TestNode } from './support/node.js';

type ErrorBody = { error: { code: string; message: string } };

const USER = '44444444-4444-4444-8444-444444444444';
const MB = 1024 * 1024;
const sha1 = (b: Uint8Array) => createHash('sha1').update(b).digest('hex');

interface Seen extends IngestFileInput {
  sha1: string;
}

/** Hashes each temp file it is handed; `failOn` makes one file name throw like a broken database would. */
function recordingIngestor(failOn?: string) {
  const seen: Seen[] = [];
  const batches: { userId: string; fileCount: number }[] = [];
  const ingestor: UploadIngestor = {
    async createBatch(userId, fileCount) {
      batches.push({ userId, fileCount });
      return { batchId: randomUUID() };
    },
    async ingestFile(input) {
      if (input.fileName === failOn) throw new Error('database connection lost');
      seen.push({ ...input, sha1: sha1(await readFile(input.tempPath)) });
      return { outcome: UploadOutcome.Accepted, replayId: randomUUID(), uploadItemId: randomUUID() };
    },
  };
  return { ingestor, seen, batches };
}

const errors: Record<string, unknown>[] = [];
const log: Logger = { info: () => {}, warn: () => {}, error: (msg, f) => errors.push({ msg, ...f }) };

const nodes: TestNode[] = [];
async function node(
  ingestor: UploadIngestor,
  overrides: Parameters<typeof startNode>[1] extends infer O ? Partial<O> : never = {},
) {
  const n = await startNode(
    { ...unreachable, ingestor, queue: fixedDepth(0), log },
    { socketIoKey: uniqueKey('stream'), ...overrides },
  );
  nodes.push(n);
  return n;
}
afterAll(async () => {
  await Promise.all(nodes.map((n) => n.close()));
});
afterEach(() => {
  errors.length = 0;
});

const auth = { authorization: `Bearer ${signSessionToken(TEST_SECRET, USER, { ttlSeconds: 3600 })}` };

async function upload(n: TestNode, parts: { name: string; bytes: Uint8Array }[]) {
  const form = new FormData();
  for (const p of parts) form.append('files', new Blob([p.bytes]), p.name);
  const res = await fetch(`${n.url}/api/uploads`, { method: 'POST', headers: auth, body: form });
  return {
    status: res.status,
    headers: res.headers,
    body: (await res.json()) as UploadResponse & { error?: { code: string } },
  };
}

async function tempFilesLeft(n: TestNode): Promise<string[]> {
  return readdir(n.options.uploadTmpDir).catch(() => []);
}

const replays = goodReplays();
let good: { name: string; bytes: Uint8Array }[] = [];
beforeAll(async () => {
  good = await Promise.all(
    replays
      .slice(0, 3)
      .map(async (p) => ({ name: path.basename(p), bytes: new Uint8Array(await readFile(p)) })),
  );
});

describe.skipIf(replays.length < 3)('upload streaming', () => {
  it('hands ingest byte-identical temp files, in order, then deletes them', async () => {
    const rec = recordingIngestor();
    const n = await node(rec.ingestor);
    const { status, body } = await upload(n, good);
    expect(status).toBe(200);
    expect(rec.batches).toEqual([{ userId: USER, fileCount: 3 }]);
    expect(rec.seen.map((s) => [s.fileName, s.sizeBytes, s.sha1, s.userId, s.batchId])).toEqual(
      good.map((g) => [g.name, g.bytes.length, sha1(g.bytes), USER, body.batchId]),
    );
    expect(body.files.map((f) => [f.index, f.fileName, f.outcome])).toEqual(
      good.map((g, i) => [i, g.name, 'accepted']),
    );
    expect(await tempFilesLeft(n)).toEqual([]);
  });

  it('cuts a 20 MB file off at 10 MB with FILE_TOO_LARGE and still processes the rest', async () => {
    const rec = recordingIngestor();
    const n = await node(rec.ingestor);
    const big = new Uint8Array(20 * MB).fill(7);
    const { status, body } = await upload(n, [good[0]!, { name: 'huge.replay', bytes: big }, good[1]!]);
    expect(status).toBe(200);
    expect(body.files[1]).toMatchObject({
      index: 1,
      fileName: 'huge.replay',
      outcome: 'rejected',
      error: { code: 'FILE_TOO_LARGE' },
    });
    expect(body.files[1]!.error!.message).toMatch(/10 MB/);
    expect(rec.seen.map((s) => s.sha1)).toEqual([sha1(good[0]!.bytes), sha1(good[1]!.bytes)]);
    expect(await tempFilesLeft(n)).toEqual([]);
  });

  it('answers 413 with the same body shape when every file is too large', async () => {
    const rec = recordingIngestor();
    const n = await node(rec.ingestor, { uploadMaxBytes: 1000, uploadMaxRequestBytes: 100 * MB });
    const { status, body } = await upload(n, [good[0]!]);
    expect(status).toBe(413);
    expect(body.files).toEqual([
      expect.objectContaining({
        outcome: 'rejected',
        error: expect.objectContaining({ code: 'FILE_TOO_LARGE' }),
      }),
    ]);
    expect(rec.seen).toEqual([]);
  });

  it('processes the first 50 files of a 51-file batch and refuses the 51st with TOO_MANY_FILES', async () => {
    const rec = recordingIngestor();
    const n = await node(rec.ingestor);
    const parts = Array.from({ length: 51 }, (_, i) => ({ name: `r${i}.replay`, bytes: good[i % 3]!.bytes }));
    const { status, body } = await upload(n, parts);
    expect(status).toBe(200);
    expect(body.files).toHaveLength(51);
    expect(body.files.slice(0, 50).every((f) => f.outcome === 'accepted')).toBe(true);
    expect(body.files[50]).toMatchObject({
      index: 50,
      fileName: 'r50.replay',
      outcome: 'rejected',
      error: { code: 'TOO_MANY_FILES' },
    });
    expect(rec.seen).toHaveLength(50);
    expect(rec.batches).toEqual([{ userId: USER, fileCount: 51 }]);
    expect(await tempFilesLeft(n)).toEqual([]);
  });

  it('refuses an empty part with EMPTY_FILE (400 when it is the only file)', async () => {
    const rec = recordingIngestor();
    const n = await node(rec.ingestor);
    const { status, body } = await upload(n, [{ name: 'empty.replay', bytes: new Uint8Array(0) }]);
    expect(status).toBe(400);
    expect(body.files[0]).toMatchObject({ outcome: 'rejected', error: { code: 'EMPTY_FILE' } });
  });

  it('keeps a failing file from sinking the batch: INTERNAL for it, logged, the others accepted', async () => {
    const rec = recordingIngestor(good[1]!.name);
    const n = await node(rec.ingestor);
    const { status, body } = await upload(n, good);
    expect(status).toBe(200);
    expect(body.files.map((f) => f.outcome)).toEqual(['accepted', 'rejected', 'accepted']);
    expect(body.files[1]!.error).toEqual({
      code: 'INTERNAL',
      message: expect.not.stringMatching(/database/),
    });
    expect(errors).toEqual([expect.objectContaining({ msg: 'ingest failed', fileName: good[1]!.name })]);
    expect(await tempFilesLeft(n)).toEqual([]);
  });

  it('answers 415 NOT_MULTIPART for a raw body and 400 NO_FILES for a form without files', async () => {
    const rec = recordingIngestor();
    const n = await node(rec.ingestor);
    const raw = await fetch(`${n.url}/api/uploads`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/octet-stream' },
      body: good[0]!.bytes,
    });
    expect(raw.status).toBe(415);
    expect(((await raw.json()) as ErrorBody).error.code).toBe('NOT_MULTIPART');
    const form = new FormData();
    form.append('note', 'no files here');
    const empty = await fetch(`${n.url}/api/uploads`, { method: 'POST', headers: auth, body: form });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as ErrorBody).error.code).toBe('NO_FILES');
    expect(rec.batches).toEqual([]);
  });

  it('answers 503 with Retry-After before reading the body when the queue is over its depth', async () => {
    // A queue that reports 6 waiting jobs against a maximum of 5; ingest must never be reached.
    const busy = await startNode(
      { ...unreachable, queue: fixedDepth(6), log },
      { socketIoKey: uniqueKey('busy'), queueMaxDepth: 5 },
    );
    nodes.push(busy);
    const { status, headers, body } = await upload(busy, good);
    expect(status).toBe(503);
    expect(Number(headers.get('retry-after'))).toBeGreaterThan(0);
    expect(body.error).toEqual({ code: 'QUEUE_BUSY', message: expect.stringMatching(/retry/i) });
    expect(await tempFilesLeft(busy)).toEqual([]);
    // At exactly the maximum depth uploads are still taken (the rule is "more than").
    const atMax = await startNode(
      { ...recordingIngestor(), replays: unreachable.replays, queue: fixedDepth(5), log },
      { socketIoKey: uniqueKey('atmax'), queueMaxDepth: 5 },
    );
    nodes.push(atMax);
    expect((await upload(atMax, [good[0]!])).status).toBe(200);
  });

  it('answers 503 SERVICE_UNAVAILABLE when the queue cannot be reached', async () => {
    const down = await startNode(
      { ...unreachable, queue: { depth: () => Promise.reject(new Error('ECONNREFUSED')) }, log },
      { socketIoKey: uniqueKey('down') },
    );
    nodes.push(down);
    const { status, body } = await upload(down, [good[0]!]);
    expect(status).toBe(503);
    expect(body.error?.code).toBe('SERVICE_UNAVAILABLE');
  });

  it('refuses a body over the request ceiling with 413 and leaves no temp file', async () => {
    const rec = recordingIngestor();
    const n = await node(rec.ingestor, { uploadMaxRequestBytes: 256 * 1024 });
    const { status, body } = await upload(n, good);
    expect(status).toBe(413);
    expect(body.error?.code).toBe('REQUEST_TOO_LARGE');
    expect(rec.seen).toEqual([]);
    expect(await tempFilesLeft(n)).toEqual([]);
  });

  it('answers 400 MALFORMED_UPLOAD for a multipart body that ends mid-file, leaving no temp file', async () => {
    const rec = recordingIngestor();
    const n = await node(rec.ingestor);
    const boundary = 'xBOUNDARYx';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="half.replay"\r\n\r\n`,
      ),
      Buffer.from(good[0]!.bytes.slice(0, 64 * 1024)),
      // No closing boundary: the form ends inside the file.
    ]);
    const res = await fetch(`${n.url}/api/uploads`, {
      method: 'POST',
      headers: { ...auth, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error.code).toBe('MALFORMED_UPLOAD');
    expect(rec.seen).toEqual([]);
    expect(await tempFilesLeft(n)).toEqual([]);
  });

  it('answers a generic 500, logged with the cause, when temp storage is unusable', async () => {
    const rec = recordingIngestor();
    const blocker = path.join(os.tmpdir(), `rlcoach-rt-blocker-${randomUUID().slice(0, 8)}`);
    await writeFile(blocker, 'a file where the temp directory should be');
    try {
      const n = await node(rec.ingestor, { uploadTmpDir: path.join(blocker, 'tmp') });
      const { status, body } = await upload(n, [good[0]!]);
      expect(status).toBe(500);
      expect(body.error).toEqual({
        code: 'INTERNAL',
        message: expect.not.stringMatching(/ENOTDIR|EEXIST|blocker/),
      });
      expect(errors).toEqual([
        expect.objectContaining({ msg: 'unhandled request error', path: '/api/uploads' }),
      ]);
      expect(rec.seen).toEqual([]);
    } finally {
      await rm(blocker, { force: true });
    }
  });

  it('keeps UTF-8 file names and strips any directory part', async () => {
    const rec = recordingIngestor();
    const n = await node(rec.ingestor);
    const { body } = await upload(n, [
      { name: 'défense – 日本.replay', bytes: good[0]!.bytes },
      { name: '../../etc/passwd', bytes: good[1]!.bytes },
    ]);
    expect(body.files.map((f) => f.fileName)).toEqual(['défense – 日本.replay', 'passwd']);
    expect(rec.seen.map((s) => s.fileName)).toEqual(['défense – 日本.replay', 'passwd']);
  });

  it('cleans up after a client that disconnects mid-upload, and keeps serving', async () => {
    const rec = recordingIngestor();
    const n = await node(rec.ingestor);
    const boundary = 'xBOUNDARYx';
    const { hostname, port } = new URL(n.url);
    await new Promise<void>((resolve) => {
      const req = request({
        hostname,
        port,
        path: '/api/uploads',
        method: 'POST',
        headers: {
          ...auth,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(5 * MB),
        },
      });
      req.on('error', () => resolve());
      req.write(
        `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="cut.replay"\r\n\r\n`,
      );
      req.write(Buffer.alloc(512 * 1024, 1), () => {
        // Give the server time to open the temp file, then vanish.
        setTimeout(() => {
          req.destroy();
          resolve();
        }, 200);
      });
    });
    for (let i = 0; i < 50 && (await tempFilesLeft(n)).length > 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(await tempFilesLeft(n)).toEqual([]);
    expect(rec.seen).toEqual([]);
    expect((await upload(n, [good[0]!])).status).toBe(200);
  });
});

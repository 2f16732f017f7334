/**
 * The S3 driver of the object store with the real @aws-sdk/client-s3 against a local
 * S3-compatible server (s3rver on loopback): the calls ingest, the worker and web make
 * (PutObject, streamed GetObject, HeadObject, DeleteObject, ListObjectsV2), a missing key
 * read like a missing file, key prefixes keeping two stacks apart, and the driver chosen by
 * STORAGE_DRIVER in every process's configuration.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config/env-schema.js';
import { loadRealtimeConfig } from '../src/config/realtime.js';
import { loadWebConfig } from '../src/config/web.js';
import { loadWorkerConfig } from '../src/config/worker.js';
import { openStorage } from '../src/storage/open.js';
import { ReplayStorage } from '../src/storage/replay-storage.js';
import { S3Storage } from '../src/storage/s3-storage.js';
import { MissingObjectError } from '../src/storage/store.js';
import { startLocalS3, type LocalS3 } from '../src/testing/s3-server.js';

let s3: LocalS3;
let store: S3Storage;
let other: S3Storage;
let tmp: string;

beforeAll(async () => {
  s3 = await startLocalS3();
  store = new S3Storage(s3.options('stack-a'));
  other = new S3Storage(s3.options('stack-b'));
  tmp = await mkdtemp(path.join(os.tmpdir(), 'rlcoach-s3-test-'));
});
afterAll(async () => {
  store?.close();
  other?.close();
  await s3?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const original = () => {
  const bytes = new Uint8Array(randomBytes(300_000));
  return { bytes, sha: createHash('sha256').update(bytes).digest('hex') };
};

describe('S3Storage (real SDK, local S3 server)', () => {
  it('stores an original under its content key and reads it back whole and streamed', async () => {
    const { bytes, sha } = original();
    const key = await store.put(sha, bytes);
    expect(key).toBe(ReplayStorage.keyFor(sha));
    expect(await store.has(key)).toBe(true);
    expect(Buffer.from(await store.get(key)).equals(Buffer.from(bytes))).toBe(true);
    const chunks: Buffer[] = [];
    for await (const c of await store.openStream(key)) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(Buffer.from(bytes))).toBe(true);
    const stat = await store.stat(key);
    expect(stat).toMatchObject({ key, size: bytes.length });
    expect(Math.abs(stat!.lastModified.getTime() - Date.now())).toBeLessThan(60_000);
    // The same bytes again: harmless (content-addressed).
    expect(await store.put(sha, bytes)).toBe(key);
  });

  it('uploads a finished local file (export archives) and lists what is stored, per prefix', async () => {
    const file = path.join(tmp, 'archive.zip');
    await writeFile(file, randomBytes(50_000));
    expect(await store.putFile('exports/e1.zip', file)).toBe(50_000);
    const mine = [];
    for await (const o of store.list()) mine.push(o.key);
    expect(mine).toContain('exports/e1.zip');
    expect(mine.every((k) => !k.startsWith('stack-a/'))).toBe(true);
    // Another stack sharing the bucket sees none of it.
    const theirs = [];
    for await (const o of other.list()) theirs.push(o.key);
    expect(theirs).not.toContain('exports/e1.zip');
    expect(await other.has('exports/e1.zip')).toBe(false);
  });

  it('reads a missing key as ENOENT, like a missing file, and deletes idempotently', async () => {
    const { bytes, sha } = original();
    const key = await store.put(sha, bytes);
    await store.remove(key);
    await store.remove(key);
    expect(await store.has(key)).toBe(false);
    expect(await store.stat(key)).toBeNull();
    await expect(store.get(key)).rejects.toBeInstanceOf(MissingObjectError);
    await expect(store.openStream(key)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('answers the health check with a write-and-delete round trip, and fails it when the server is gone', async () => {
    expect(await store.check()).toMatchObject({ driver: 's3', bucket: s3.bucket });
    const nowhere = new S3Storage({ ...s3.options(), endpoint: 'http://127.0.0.1:9' });
    await expect(nowhere.check()).rejects.toThrow();
    nowhere.close();
  });
});

describe('STORAGE_DRIVER', () => {
  const base = {
    NODE_ENV: 'test',
    DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/x',
    SESSION_SECRET: 'x'.repeat(40),
    AUTH_SECRET: 'y'.repeat(40),
  };
  it('is local disk by default and S3 for every process when set', () => {
    expect(openStorage(loadWorkerConfig(base).storage)).toBeInstanceOf(ReplayStorage);
    const env = { ...base, ...s3.env('p') };
    for (const config of [loadWorkerConfig(env), loadRealtimeConfig(env), loadWebConfig(env)]) {
      expect(config.storage).toMatchObject({
        driver: 's3',
        bucket: s3.bucket,
        endpoint: s3.endpoint,
        forcePathStyle: true,
        prefix: 'p',
      });
      const opened = openStorage(config.storage);
      expect(opened).toBeInstanceOf(S3Storage);
      expect(opened.location).toBe(`s3://${s3.bucket}/p/`);
      (opened as S3Storage).close();
    }
  });

  it('refuses s3 without a bucket, or with half a key pair, naming the variables', () => {
    expect(() => loadWorkerConfig({ ...base, STORAGE_DRIVER: 's3' })).toThrow(ConfigError);
    expect(() => loadWorkerConfig({ ...base, STORAGE_DRIVER: 's3' })).toThrow(/S3_BUCKET/);
    expect(() =>
      loadWorkerConfig({ ...base, STORAGE_DRIVER: 's3', S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'k' }),
    ).toThrow(/S3_SECRET_ACCESS_KEY/);
    expect(() => loadWorkerConfig({ ...base, STORAGE_DRIVER: 'ftp' })).toThrow(/STORAGE_DRIVER/);
  });
});

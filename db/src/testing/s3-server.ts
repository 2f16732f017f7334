/**
 * Test support: a local S3-compatible server (s3rver, speaking the S3 REST API over HTTP) on a free
 * loopback port with one bucket, so tests drive the real @aws-sdk/client-s3 through S3Storage.
 * Never imported by production code.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import type { S3StorageOptions } from '../storage/s3-storage.js';

export interface LocalS3 {
  endpoint: string;
  bucket: string;
  /** Options for S3Storage (or the S3_* variables of a process, via `env`). */
  options(prefix?: string): S3StorageOptions;
  env(prefix?: string): Record<string, string>;
  close(): Promise<void>;
}

export async function startLocalS3(bucket = 'rlcoach-test'): Promise<LocalS3> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'rlcoach-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    directory,
    silent: true,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  // s3rver's fixed development credentials.
  const keys = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  return {
    endpoint,
    bucket,
    options: (prefix = '') => ({
      bucket,
      endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      prefix,
      ...keys,
    }),
    env: (prefix = '') => ({
      STORAGE_DRIVER: 's3',
      S3_ENDPOINT: endpoint,
      S3_BUCKET: bucket,
      S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: keys.accessKeyId,
      S3_SECRET_ACCESS_KEY: keys.secretAccessKey,
      S3_FORCE_PATH_STYLE: '1',
      S3_PREFIX: prefix,
    }),
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

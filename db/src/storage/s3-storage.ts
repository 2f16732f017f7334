/**
 * The S3-compatible driver of the object store (AWS S3, MinIO, Ceph, R2 …) through the official
 * SDK, so workers, web and realtime on several machines share originals and export archives.
 * Only five calls are used: PutObject, GetObject (streamed), HeadObject, DeleteObject and
 * ListObjectsV2. Keys are those of the local driver under an optional S3_PREFIX.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat as statFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { ReplayStorage } from './replay-storage.js';
import { MissingObjectError, type ObjectStore, type StoredObject } from './store.js';

export interface S3StorageOptions {
  bucket: string;
  region: string;
  endpoint?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
  /** Key prefix inside the bucket ('' for none). */
  prefix: string;
}

const absent = (e: unknown) =>
  e instanceof NoSuchKey ||
  e instanceof NotFound ||
  (e as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === 404;

export class S3Storage implements ObjectStore {
  readonly client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;

  constructor(options: S3StorageOptions) {
    const config: S3ClientConfig = {
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      // Checksums only where the API demands them: many S3-compatible stores refuse the newer trailers.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 3,
    };
    if (options.endpoint) config.endpoint = options.endpoint;
    if (options.accessKeyId && options.secretAccessKey)
      config.credentials = { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey };
    this.client = new S3Client(config);
    this.#bucket = options.bucket;
    this.#prefix = options.prefix ? `${options.prefix.replace(/\/+$/, '')}/` : '';
  }

  get location(): string {
    return `s3://${this.#bucket}/${this.#prefix}`;
  }

  #name(key: string): string {
    if (key.startsWith('/') || key.split('/').includes('..')) throw new Error(`bad storage key: ${key}`);
    return this.#prefix + key;
  }

  async put(sha256: string, bytes: Uint8Array): Promise<string> {
    const key = ReplayStorage.keyFor(sha256);
    // Content-addressed: writing the same bytes again is harmless and refreshes the object's age,
    // which the storage sweep reads to leave recent uploads alone.
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.#bucket,
        Key: this.#name(key),
        Body: bytes,
        ContentLength: bytes.length,
        ContentType: 'application/octet-stream',
      }),
    );
    return key;
  }

  async putFile(key: string, localPath: string): Promise<number> {
    const { size } = await statFile(localPath);
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.#bucket,
        Key: this.#name(key),
        Body: createReadStream(localPath),
        ContentLength: size,
        ContentType: 'application/octet-stream',
      }),
    );
    return size;
  }

  async openStream(key: string): Promise<Readable> {
    try {
      const out = await this.client.send(
        new GetObjectCommand({ Bucket: this.#bucket, Key: this.#name(key) }),
      );
      if (!out.Body) throw new MissingObjectError(key);
      return out.Body as Readable;
    } catch (e) {
      if (absent(e)) throw new MissingObjectError(key);
      throw e;
    }
  }

  async get(key: string): Promise<Uint8Array> {
    const stream = await this.openStream(key);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return new Uint8Array(Buffer.concat(chunks));
  }

  async stat(key: string): Promise<StoredObject | null> {
    try {
      const h = await this.client.send(new HeadObjectCommand({ Bucket: this.#bucket, Key: this.#name(key) }));
      return { key, size: h.ContentLength ?? 0, lastModified: h.LastModified ?? new Date(0) };
    } catch (e) {
      if (absent(e)) return null;
      throw e;
    }
  }

  async has(key: string): Promise<boolean> {
    return (await this.stat(key)) !== null;
  }

  async remove(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: this.#name(key) }));
  }

  async *list(): AsyncGenerator<StoredObject> {
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.#bucket,
          Prefix: this.#prefix || undefined,
          ContinuationToken: token,
        }),
      );
      for (const o of page.Contents ?? [])
        if (o.Key)
          yield {
            key: o.Key.slice(this.#prefix.length),
            size: o.Size ?? 0,
            lastModified: o.LastModified ?? new Date(0),
          };
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async check(): Promise<Record<string, unknown>> {
    const key = `.healthz/${randomUUID()}`;
    await this.client.send(new PutObjectCommand({ Bucket: this.#bucket, Key: this.#name(key), Body: 'ok' }));
    await this.remove(key);
    return { driver: 's3', bucket: this.#bucket };
  }

  /** Release the SDK's sockets. */
  close(): void {
    this.client.destroy();
  }
}

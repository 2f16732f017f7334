/**
 * The one storage interface every process uses for replay originals and export archives. Two
 * drivers: local disk under STORAGE_DIR (`ReplayStorage`, the default) and an S3-compatible
 * object store (`S3Storage`, STORAGE_DRIVER=s3) so workers, web and realtime on several machines
 * share the same files. Keys are relative, forward-slashed paths (`ab/cd/<sha256>.replay`,
 * `exports/<id>.zip`); originals are content-addressed, so two nodes never write different
 * bytes under one key.
 */
import type { Readable } from 'node:stream';

export interface StoredObject {
  key: string;
  size: number;
  lastModified: Date;
}

/** A key that holds nothing. `code` is ENOENT like a missing local file, so callers test one thing. */
export class MissingObjectError extends Error {
  readonly code = 'ENOENT';
  constructor(readonly key: string) {
    super(`no stored object under ${key}`);
    this.name = 'MissingObjectError';
  }
}

export interface ObjectStore {
  /** For logs and health output: `local:/var/replays` or `s3://bucket/prefix`. */
  readonly location: string;
  /** Store an original under its hash (a no-op, apart from refreshing its age, when present). Returns the key. */
  put(sha256: string, bytes: Uint8Array): Promise<string>;
  /** Store a finished local file under `key` (export archives); returns its size. */
  putFile(key: string, localPath: string): Promise<number>;
  /** The whole object; MissingObjectError when absent. */
  get(key: string): Promise<Uint8Array>;
  /** The object as a stream (large archives, downloads); MissingObjectError when absent. */
  openStream(key: string): Promise<Readable>;
  /** Size and age, or null when absent. */
  stat(key: string): Promise<StoredObject | null>;
  has(key: string): Promise<boolean>;
  /** Delete (a no-op when absent): only for objects no row references. */
  remove(key: string): Promise<void>;
  /** Every object in the store, in no particular order (the storage sweep walks it). */
  list(): AsyncIterable<StoredObject>;
  /** One write-and-delete round trip for /healthz, with figures when the driver has any. */
  check(): Promise<Record<string, unknown>>;
}

/** Originals and archives share the store; the name says what a caller uses it for. */
export type OriginalStore = ObjectStore;

/**
 * The local-disk driver of the object store: originals content-addressed by sha256 under
 * STORAGE_DIR (`ab/cd/<sha256>.replay`), export archives under `exports/`. Writes go to a temp
 * file in the same directory, then rename, so a reader never sees half a file.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import {
  copyFile,
  mkdir,
  readFile,
  readdir,
  rename,
  rm,
  stat,
  statfs,
  utimes,
  writeFile,
} from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { MissingObjectError, type ObjectStore, type StoredObject } from './store.js';

const SHA256 = /^[0-9a-f]{64}$/;

const isMissing = (e: unknown) => (e as NodeJS.ErrnoException | null)?.code === 'ENOENT';

export class ReplayStorage implements ObjectStore {
  constructor(readonly root: string) {}

  get location(): string {
    return `local:${this.root}`;
  }

  /** Relative key for a file hash. */
  static keyFor(sha256: string): string {
    if (!SHA256.test(sha256)) throw new TypeError(`not a sha256 hex digest: ${sha256}`);
    return `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}.replay`;
  }

  pathOf(key: string): string {
    const full = path.resolve(this.root, key);
    // Keys come from our own database, but never let one escape the store.
    if (!full.startsWith(path.resolve(this.root) + path.sep))
      throw new Error(`storage key escapes the store: ${key}`);
    return full;
  }

  async has(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch {
      return false;
    }
  }

  async stat(key: string): Promise<StoredObject | null> {
    try {
      const s = await stat(this.pathOf(key));
      return s.isFile() ? { key, size: s.size, lastModified: s.mtime } : null;
    } catch {
      return null;
    }
  }

  /** Store bytes under their hash; a no-op when that content is already stored. Returns the key. */
  async put(sha256: string, bytes: Uint8Array): Promise<string> {
    const key = ReplayStorage.keyFor(sha256);
    if (await this.has(key)) {
      // Fresh again: the storage sweep leaves recently touched files alone (storage-sweep.ts).
      const now = new Date();
      await utimes(this.pathOf(key), now, now).catch(() => undefined);
      if (await this.has(key)) return key;
    }
    await this.#atomically(key, (temp) => writeFile(temp, bytes, { flag: 'wx' }));
    return key;
  }

  /** Moves the file in when it is on the same file system, else copies it (the caller removes its copy). */
  async putFile(key: string, localPath: string): Promise<number> {
    await this.#atomically(key, (temp) =>
      rename(localPath, temp).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'EXDEV') throw e;
        return copyFile(localPath, temp);
      }),
    );
    return (await stat(this.pathOf(key))).size;
  }

  async #atomically(key: string, write: (temp: string) => Promise<void>): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await write(temp);
      await rename(temp, target);
    } catch (e) {
      await rm(temp, { force: true });
      throw e;
    }
  }

  /** Delete a stored object (no-op when absent): only for files no replay row references. */
  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async get(key: string): Promise<Uint8Array> {
    try {
      return new Uint8Array(await readFile(this.pathOf(key)));
    } catch (e) {
      if (isMissing(e)) throw new MissingObjectError(key);
      throw e;
    }
  }

  async openStream(key: string): Promise<Readable> {
    const file = this.pathOf(key);
    if (!(await this.has(key))) throw new MissingObjectError(key);
    return createReadStream(file);
  }

  async *list(dir = this.root): AsyncGenerator<StoredObject> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return; // no store yet
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) yield* this.list(full);
      else if (e.isFile()) {
        const s = await stat(full).catch(() => null);
        if (s)
          yield {
            key: path.relative(this.root, full).split(path.sep).join('/'),
            size: s.size,
            lastModified: s.mtime,
          };
      }
    }
  }

  /** The directory accepts a write and has room (refused at 90 % used). */
  async check(maxUsedRatio = 0.9): Promise<Record<string, unknown>> {
    await mkdir(this.root, { recursive: true });
    const probe = path.join(this.root, `.healthz-${randomUUID()}`);
    await writeFile(probe, 'ok');
    await rm(probe, { force: true });
    const fs = await statfs(this.root);
    const usedRatio = fs.blocks > 0 ? 1 - fs.bavail / fs.blocks : 0;
    const usedPercent = Math.round(usedRatio * 1000) / 10;
    if (usedRatio >= maxUsedRatio)
      throw Object.assign(new Error(`storage is ${usedPercent}% full`), { details: { usedPercent } });
    return { driver: 'local', usedPercent };
  }
}

/**
 * Original replay files, content-addressed by sha256 under STORAGE_DIR: `ab/cd/<sha256>.replay`.
 * Writes go to a temp file in the same directory, then rename, so a reader never sees half a file.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';

const SHA256 = /^[0-9a-f]{64}$/;

export class ReplayStorage {
  constructor(readonly root: string) {}

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

  /** Store bytes under their hash; a no-op when that content is already stored. Returns the key. */
  async put(sha256: string, bytes: Uint8Array): Promise<string> {
    const key = ReplayStorage.keyFor(sha256);
    if (await this.has(key)) {
      // Fresh again: the storage sweep leaves recently touched files alone (storage-sweep.ts).
      const now = new Date();
      await utimes(this.pathOf(key), now, now).catch(() => undefined);
      if (await this.has(key)) return key;
    }
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await writeFile(temp, bytes, { flag: 'wx' });
      await rename(temp, target);
    } catch (e) {
      await rm(temp, { force: true });
      throw e;
    }
    return key;
  }

  /** Delete a stored original (no-op when absent): only for files no replay row references. */
  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async get(key: string): Promise<Uint8Array> {
    return new Uint8Array(await readFile(this.pathOf(key)));
  }
}

import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc32, writeStoredZip } from '../src/user-data/zip.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rlcoach-zip-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('crc32', () => {
  it('matches the standard check value', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
  });
});

describe('writeStoredZip', () => {
  it('writes an archive that unzip verifies and extracts byte for byte', async () => {
    const replay = randomBytes(300_000);
    const replayPath = join(dir, 'source.replay');
    await writeFile(replayPath, replay);
    const json = Buffer.from(JSON.stringify({ user: 'é ü 日本' }), 'utf8');
    const zipPath = join(dir, 'out.zip');
    const size = await writeStoredZip(zipPath, [
      { name: 'data.json', data: json },
      { name: 'replays/Ab Cd.replay', file: replayPath },
      { name: 'empty.txt', data: new Uint8Array() },
    ]);
    expect((await readFile(zipPath)).length).toBe(size);

    // The system unzip is an independent reader: -t checks every CRC.
    const test = execFileSync('unzip', ['-t', zipPath], { encoding: 'utf8' });
    expect(test).toMatch(/No errors detected/);
    const outDir = join(dir, 'x');
    execFileSync('unzip', ['-q', zipPath, '-d', outDir]);
    expect(Buffer.compare(await readFile(join(outDir, 'replays/Ab Cd.replay')), replay)).toBe(0);
    expect(Buffer.compare(await readFile(join(outDir, 'data.json')), json)).toBe(0);
    expect((await readFile(join(outDir, 'empty.txt'))).length).toBe(0);
  });

  it('refuses an entry with no content', async () => {
    await expect(writeStoredZip(join(dir, 'bad.zip'), [{ name: 'x' }])).rejects.toThrow(TypeError);
  });
});

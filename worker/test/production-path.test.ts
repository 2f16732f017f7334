/**
 * Test hooks stay out of the production path: no worker source reads a test or debug variable, and
 * the only way into a stage is the documented extension point (src/stage-hooks.ts), which only the
 * test entry (test/fixtures/worker-with-hooks.mjs) fills.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WORKER_DIR } from './support.js';

async function sources(): Promise<Array<{ file: string; text: string }>> {
  const dir = path.join(WORKER_DIR, 'src');
  const names = (await readdir(dir, { recursive: true })).filter((n) => n.endsWith('.ts'));
  return Promise.all(names.map(async (n) => ({ file: n, text: await readFile(path.join(dir, n), 'utf8') })));
}

describe('production path', () => {
  it('no worker source mentions a test or debug hook variable', async () => {
    const files = await sources();
    expect(files.length).toBeGreaterThan(20);
    const offenders = files.filter((f) => /RLCOACH_(DEBUG|TEST)_/.test(f.text)).map((f) => f.file);
    expect(offenders).toEqual([]);
  });

  it('stage hooks are installed only by the test entry', async () => {
    const installers = (await sources())
      .filter((f) => /installStageHooks\s*\(/.test(f.text) && f.file !== 'stage-hooks.ts')
      .map((f) => f.file);
    expect(installers).toEqual([]);
    const fixture = await readFile(path.join(WORKER_DIR, 'test/fixtures/stage-hooks.mjs'), 'utf8');
    expect(fixture).toMatch(/installStageHooks\(/);
  });
});

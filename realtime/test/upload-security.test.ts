/**
 * Upload security through the real route (issue #11 item 4): POST /api/uploads with files an
 * attacker can make from a real replay. A match GUID copied into a file earns nothing: never a
 * `duplicate` answer, never ownership of the real replay; edited files are refused with a code.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Replay, isOwner } from '@rlcoach/db';
import { matchInfo, parseHeader } from '@rlcoach/parser';
import { signSessionToken } from '@rlcoach/db/contracts/session-token';
import type { UploadResponse } from '../src/uploads/route.js';
import { headerPlusRandom, renamedInHeader, resealed } from '@rlcoach/db/testing/replay-doctor';
import { corpusMessage, goodReplays } from './support/corpus.js';
import { TEST_SECRET, startNode, uniqueKey, type TestNode } from './support/node.js';
import { createTestPlatform, type TestPlatform } from './support/platform.js';

const replays = goodReplays();
if (replays.length < 1) console.warn(`upload-security.test.ts skipped: ${corpusMessage}`);

type Part = { name: string; bytes: Uint8Array };

async function filesUnder(dir: string): Promise<number> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).length;
}

describe.skipIf(replays.length < 1)('POST /api/uploads: forged and edited replays', () => {
  let platform: TestPlatform;
  let node: TestNode;
  let alice: string;
  let mallory: string;
  let genuine: Part;
  const token = (userId: string) => `Bearer ${signSessionToken(TEST_SECRET, userId, { ttlSeconds: 3600 })}`;

  beforeAll(async () => {
    platform = await createTestPlatform('upload-sec');
    node = await startNode(platform.deps, { socketIoKey: uniqueKey('upload-sec') });
    alice = await platform.createUser('Alice');
    mallory = await platform.createUser('Mallory');
    genuine = { name: path.basename(replays[0]!), bytes: new Uint8Array(await readFile(replays[0]!)) };
  });
  afterAll(async () => {
    await Promise.allSettled([node?.close()]);
    await platform?.close();
  });
  afterEach(() => {
    expect(platform.errors).toEqual([]);
  });

  async function upload(userId: string, parts: Part[]) {
    const form = new FormData();
    for (const p of parts) form.append('files', new Blob([p.bytes]), p.name);
    const res = await fetch(`${node.url}/api/uploads`, {
      method: 'POST',
      headers: { authorization: token(userId) },
      body: form,
    });
    return { status: res.status, body: (await res.json()) as UploadResponse };
  }

  it('a real header glued to random bytes, CRCs recomputed or not, is never a duplicate of the real replay', async () => {
    const real = await upload(alice, [genuine]);
    expect(real.body.files[0]!.outcome).toBe('accepted');
    const realId = real.body.files[0]!.replayId!;

    const { body } = await upload(mallory, [
      { name: 'glued.replay', bytes: headerPlusRandom(genuine.bytes) },
      { name: 'glued-sealed.replay', bytes: resealed(headerPlusRandom(genuine.bytes)) },
    ]);
    const [raw, sealed] = body.files;
    expect(raw!.outcome).toBe('rejected');
    expect(['CRC_MISMATCH', 'CORRUPT_REPLAY']).toContain(raw!.error?.code);
    expect(sealed!.outcome).toBe('accepted'); // its own replay: the worker will find garbage
    expect(sealed!.replayId).not.toBe(realId);
    expect(await isOwner(platform.db.orm.em.fork(), mallory, realId)).toBe(false);
  });

  it('player names edited without recomputing the CRC: refused with CRC_MISMATCH, nothing stored', async () => {
    const info = matchInfo(parseHeader(genuine.bytes));
    const victim = info.players.find((p) => /^[\x20-\x7e]{3,}$/.test(p.name))!;
    const doctored = renamedInHeader(genuine.bytes, victim.name, 'Z'.repeat(victim.name.length));
    const replaysBefore = await platform.db.orm.em.fork().count(Replay, {});
    const filesBefore = await filesUnder(platform.storage.root);
    const { status, body } = await upload(mallory, [{ name: 'renamed.replay', bytes: doctored }]);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(body.files[0]).toMatchObject({ outcome: 'rejected', error: { code: 'CRC_MISMATCH' } });
    expect(body.files[0]!.error!.message).toMatch(/damaged or was modified/);
    expect(await platform.db.orm.em.fork().count(Replay, {})).toBe(replaysBefore);
    expect(await filesUnder(platform.storage.root)).toBe(filesBefore);
  });
});

/**
 * Upload security (issue #11 item 4), end to end: real Postgres, real Redis, `node worker/dist/main.js`
 * children. A match GUID in a file proves nothing: only identical bytes, or bytes that decode to
 * exactly the same match, ever share a replay; damaged or edited files are refused before anything
 * is stored; originals nobody references do not stay on disk.
 */
import { describe, expect, it } from 'vitest';
import { readdir, utimes, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  Replay,
  ReplayResult,
  ReplayStatus,
  ReplaySummary,
  UploadItem,
  UploadOutcome,
  type MikroORM,
} from '@rlcoach/db';
import { matchInfo, parseHeader } from '@rlcoach/parser';
import { createUploadBatch, ingestReplayFile } from '@rlcoach/db/ingest/ingest';
import { ReplayStorage } from '@rlcoach/db/storage/replay-storage';
import { sweepUnreferencedOriginals } from '../src/storage-sweep.js';
import { headerPlusRandom, renamedInHeader, resealed } from '@rlcoach/db/testing/replay-doctor';
import { DEMO_FILES, createUser, demoBytes, pipelineHarness, unique, waitFor, writeTemp } from './support.js';

const harness = pipelineHarness('upload-security');
const lane = harness.lane;

const orm = (): MikroORM => harness.db.orm;
const owned = async (userId: string) =>
  (await orm().em.fork().getRepository(Replay).listForUser(userId)).map((r) => r.id);
const row = (id: string) => orm().em.fork().findOne(Replay, id);

async function storedFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory()) await walk(path.join(dir, e.name));
      else out.push(path.relative(root, path.join(dir, e.name)));
    }
  };
  await walk(root);
  return out.sort();
}

const finished = (id: string) =>
  waitFor(
    `replay ${id} to finish`,
    async () => {
      const r = await row(id);
      return r && [ReplayStatus.Analysed, ReplayStatus.Partial, ReplayStatus.Failed].includes(r.status)
        ? r
        : null;
    },
    90_000,
  );

/** An ASCII-named player of the replay, and a same-length fake name. */
function victimName(bytes: Uint8Array): { real: string; fake: string } {
  const player = matchInfo(parseHeader(bytes)).players.find((p) => /^[\x20-\x7e]{3,}$/.test(p.name))!;
  return { real: player.name, fake: 'Z'.repeat(player.name.length) };
}

const headerNames = (r: Replay) =>
  ((r.header as { players: { name: string }[] }).players ?? []).map((p) => p.name).sort();

describe('upload-time checks (no worker needed)', () => {
  it('refuses a replay whose player names were edited without recomputing the CRC; the rest of the batch goes on', async () => {
    const l = await lane('doctored-crc');
    const user = await createUser(orm(), 'mallory');
    const genuine = await demoBytes(DEMO_FILES[1]);
    const { real, fake } = victimName(genuine);
    const doctored = renamedInHeader(genuine, real, fake);

    const batch = await createUploadBatch(orm().em.fork(), user, 2);
    const up = async (name: string, bytes: Uint8Array) =>
      ingestReplayFile(
        { orm: orm(), storage: l.storage, enqueue: l.producer },
        {
          userId: user,
          batchId: batch.id,
          fileName: name,
          tempPath: await writeTemp(harness.tmpDir, `${unique('f')}.replay`, bytes),
          sizeBytes: bytes.length,
        },
      );
    const bad = await up('doctored.replay', doctored);
    expect(bad.outcome).toBe(UploadOutcome.Rejected);
    expect(bad.error?.code).toBe('CRC_MISMATCH');
    expect(bad.error?.message).toMatch(/damaged or was modified/);
    expect(bad.replayId).toBeUndefined();
    const item = await orm().em.fork().findOneOrFail(UploadItem, bad.uploadItemId);
    expect(item).toMatchObject({ outcome: UploadOutcome.Rejected, errorCode: 'CRC_MISMATCH' });
    expect(await storedFiles(l.storage.root)).toEqual([]);

    const good = await up('genuine.replay', genuine);
    expect(good.outcome).toBe(UploadOutcome.Accepted);
    expect(await storedFiles(l.storage.root)).toHaveLength(1);
  });

  it('refuses a real header glued to random bytes (CRC not recomputed): never a duplicate of the real match', async () => {
    const l = await lane('glued');
    const [alice, mallory] = [await createUser(orm(), 'alice'), await createUser(orm(), 'mallory')];
    const genuine = await demoBytes(DEMO_FILES[0]);
    const real = await l.upload(alice, 'real.replay', genuine);
    expect(real.outcome).toBe(UploadOutcome.Accepted);
    const fake = await l.upload(mallory, 'fake.replay', headerPlusRandom(genuine));
    expect(fake.outcome).toBe(UploadOutcome.Rejected);
    expect(['CRC_MISMATCH', 'CORRUPT_REPLAY']).toContain(fake.error?.code);
    expect(fake.replayId).toBeUndefined();
    expect(await owned(mallory)).toEqual([]);
  });

  it('distinct garbage uploaded again and again does not grow the store', async () => {
    const l = await lane('garbage');
    const user = await createUser(orm(), 'spammer');
    const genuine = await demoBytes(DEMO_FILES[2]);
    for (let i = 0; i < 8; i++) {
      const r = await l.upload(user, `junk-${i}.replay`, headerPlusRandom(genuine, 2048 + i));
      expect(r.outcome).toBe(UploadOutcome.Rejected);
    }
    expect(await storedFiles(l.storage.root)).toEqual([]);
    expect(await owned(user)).toEqual([]);
  });
});

describe('the same GUID is only a hint (worker decodes, then merges or not)', () => {
  it('a real header on random bytes WITH recomputed CRCs is its own replay and gets no analysis of the real match', async () => {
    const l = await lane('glued-sealed');
    await l.start();
    const [alice, mallory] = [await createUser(orm(), 'alice'), await createUser(orm(), 'mallory')];
    const genuine = await demoBytes(DEMO_FILES[0]);
    await orm()
      .em.fork()
      .nativeDelete(Replay, { matchGuid: matchInfo(parseHeader(genuine)).matchGuid });
    const real = await l.upload(alice, 'real.replay', genuine);
    await finished(real.replayId!);

    const fake = await l.upload(mallory, 'fake.replay', resealed(headerPlusRandom(genuine)));
    expect(fake.outcome).toBe(UploadOutcome.Accepted);
    expect(fake.replayId).not.toBe(real.replayId);
    const done = await finished(fake.replayId!);
    expect(done.status).toBe(ReplayStatus.Failed);
    expect(await orm().em.fork().count(ReplayResult, { replay: fake.replayId! })).toBe(0);
    // Mallory owns her own failed upload only; Alice keeps the real one, alone.
    expect(await owned(mallory)).toEqual([fake.replayId]);
    expect(await owned(alice)).toEqual([real.replayId]);
    expect(await orm().em.fork().getRepository(Replay).ownerIds(real.replayId!)).toEqual([alice]);
  });

  it('doctored names with recomputed CRCs uploaded first: the genuine uploader gets the genuine names, not the doctored copy', async () => {
    const l = await lane('doctored-sealed');
    await l.start();
    const [mallory, bob] = [await createUser(orm(), 'mallory'), await createUser(orm(), 'bob')];
    const genuine = await demoBytes(DEMO_FILES[1]);
    const { real, fake } = victimName(genuine);
    const doctored = resealed(renamedInHeader(genuine, real, fake));
    await orm()
      .em.fork()
      .nativeDelete(Replay, { matchGuid: matchInfo(parseHeader(genuine)).matchGuid });

    const first = await l.upload(mallory, 'doctored.replay', doctored);
    expect(first.outcome).toBe(UploadOutcome.Accepted);
    const doctoredRow = await finished(first.replayId!);
    expect(headerNames(doctoredRow)).toContain(fake);

    const second = await l.upload(bob, 'genuine.replay', genuine);
    expect(second.outcome).toBe(UploadOutcome.Accepted); // not "duplicate" of Mallory's copy
    expect(second.replayId).not.toBe(first.replayId);
    const genuineRow = await finished(second.replayId!);
    expect(genuineRow.status).toBe(ReplayStatus.Analysed);
    expect(headerNames(genuineRow)).toContain(real);
    expect(headerNames(genuineRow)).not.toContain(fake);
    expect(await owned(bob)).toEqual([second.replayId]);
    expect(await owned(mallory)).toEqual([first.replayId]);
    // What Bob's pages read: his summary row and his result's scoreboard carry the real names.
    const result = await orm().em.fork().findOneOrFail(ReplayResult, { replay: second.replayId! });
    expect(JSON.stringify(result.scoreboard)).toContain(real);
    expect(JSON.stringify(result.scoreboard)).not.toContain(fake);
    // The genuine original is stored and referenced (it was orphaned before).
    expect(await l.storage.has(genuineRow.storageKey)).toBe(true);
  });

  it('different bytes that decode to the same match merge into the first copy: owner moved, copy and its file gone', async () => {
    const l = await lane('merge');
    await l.start();
    const [alice, bob, carol] = [
      await createUser(orm(), 'alice'),
      await createUser(orm(), 'bob'),
      await createUser(orm(), 'carol'),
    ];
    const genuine = await demoBytes(DEMO_FILES[2]);
    await orm()
      .em.fork()
      .nativeDelete(Replay, { matchGuid: matchInfo(parseHeader(genuine)).matchGuid });
    const variant = new Uint8Array(genuine.length + 3); // trailing bytes: another hash, same match
    variant.set(genuine);

    const first = await l.upload(alice, 'a.replay', genuine);
    const kept = await finished(first.replayId!);
    const second = await l.upload(bob, 'b.replay', variant);
    expect(second.outcome).toBe(UploadOutcome.Accepted);
    expect(second.replayId).not.toBe(first.replayId);
    const secondKey = (await row(second.replayId!))!.storageKey;

    await waitFor('the copy to merge', async () => (await row(second.replayId!)) === null);
    expect(await owned(bob)).toEqual([first.replayId]);
    expect((await orm().em.fork().getRepository(Replay).ownerIds(first.replayId!)).sort()).toEqual(
      [alice, bob].sort(),
    );
    expect(await l.storage.has(secondKey)).toBe(false);
    expect(await storedFiles(l.storage.root)).toEqual([kept.storageKey]);
    const item = await orm().em.fork().findOneOrFail(UploadItem, second.uploadItemId);
    expect(item.replay?.id).toBe(first.replayId);
    // Bob's per-owner rows now describe the kept replay.
    expect(await orm().em.fork().count(ReplaySummary, { user: bob, replay: first.replayId! })).toBe(1);
    expect(await orm().em.fork().count(ReplaySummary, { user: bob })).toBe(1);

    // Identical bytes stay a plain duplicate: one replay, analysed once.
    const third = await l.upload(carol, 'c.replay', genuine);
    expect(third).toMatchObject({ outcome: UploadOutcome.Duplicate, replayId: first.replayId });
    expect(await orm().em.fork().count(ReplayResult, { replay: first.replayId! })).toBe(1);
    expect((await row(first.replayId!))!.attempts).toBe(1);
  });
});

describe('storage sweep', () => {
  it('removes old unreferenced originals and stale temp files, keeps referenced and young ones', async () => {
    const l = await lane('sweep');
    const user = await createUser(orm(), 'keeper');
    const genuine = await demoBytes(DEMO_FILES[0]);
    await orm()
      .em.fork()
      .nativeDelete(Replay, { matchGuid: matchInfo(parseHeader(genuine)).matchGuid });
    const kept = await l.upload(user, 'kept.replay', genuine);
    const keptKey = (await row(kept.replayId!))!.storageKey;
    const orphan = ReplayStorage.keyFor('e'.repeat(64));
    const young = ReplayStorage.keyFor('f'.repeat(64));
    const temp = `${orphan}.123.abcd.tmp`;
    for (const key of [orphan, young, temp]) {
      await mkdir(path.dirname(l.storage.pathOf(key)), { recursive: true });
      await writeFile(l.storage.pathOf(key), 'x');
    }
    const old = new Date(Date.now() - 2 * 3600_000);
    for (const key of [orphan, temp, keptKey]) await utimes(l.storage.pathOf(key), old, old);

    const r = await sweepUnreferencedOriginals(orm(), l.storage, 3600_000);
    expect(r.removed.sort()).toEqual([orphan, temp].sort());
    expect(await storedFiles(l.storage.root)).toEqual([keptKey, young].sort());
  });

  it('runs in the worker’s periodic sweep', async () => {
    const l = await lane('sweep-hook');
    const orphan = ReplayStorage.keyFor('d'.repeat(64));
    await mkdir(path.dirname(l.storage.pathOf(orphan)), { recursive: true });
    await writeFile(l.storage.pathOf(orphan), 'x');
    const old = new Date(Date.now() - 2 * 3600_000);
    await utimes(l.storage.pathOf(orphan), old, old);
    const w = await l.start();
    await w.waitForLog('storage sweep removed unreferenced originals');
    expect(await l.storage.has(orphan)).toBe(false);
  });
});

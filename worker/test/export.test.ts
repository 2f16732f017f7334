import { execFileSync } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@rlcoach/db/testing';
import { DEFAULT_COACH_LIMITS, createAsk, createCoachNote } from '@rlcoach/db/coach/index';
import { buildUserExport, ExportUserMissingError } from '../src/user-data/build-export.js';
import { ReplayStorage } from '@rlcoach/db/storage/replay-storage';
import { DEMO_DIR, DEMO_FILES, createUser, tempDir, uploadDemo } from './support.js';

let db: TestDatabase;
let tmp: Awaited<ReturnType<typeof tempDir>>;
let storage: ReplayStorage;

beforeAll(async () => {
  db = await createTestDatabase('export');
  tmp = await tempDir('export');
  storage = new ReplayStorage(path.join(tmp.dir, 'store'));
});
afterAll(async () => {
  await db?.drop();
  await tmp?.cleanup();
});

const upload = (userId: string, file: string) => uploadDemo(db.orm, storage, userId, file);

describe('user data export', () => {
  it("zips data.json matching the database and the user's original replay bytes, nobody else's", async () => {
    const me = await createUser(db.orm, 'Exporter');
    const other = await createUser(db.orm, 'Other');
    const mine = await upload(me, DEMO_FILES[0]!);
    const shared = await upload(me, DEMO_FILES[1]!);
    await upload(other, DEMO_FILES[1]!);
    const theirs = await upload(other, DEMO_FILES[2]!);
    await db.orm.em.getConnection().execute("update users set kind = 'member', plan_grant = 'pro'");
    const asked = await createAsk(
      db.orm.em.fork(),
      me,
      { conversationId: null, text: 'my question', mode: 'chat' },
      DEFAULT_COACH_LIMITS,
    );
    await createCoachNote(db.orm.em.fork(), me, 'my note', 'coach');
    await createCoachNote(db.orm.em.fork(), other, 'their note', 'coach');

    const zipPath = path.join(tmp.dir, 'me.zip');
    const { bytes } = await buildUserExport(db.orm.em.fork(), storage, me, zipPath);
    expect((await stat(zipPath)).size).toBe(bytes);

    const out = path.join(tmp.dir, 'unzipped');
    expect(execFileSync('unzip', ['-t', zipPath], { encoding: 'utf8' })).toMatch(/No errors detected/);
    execFileSync('unzip', ['-q', zipPath, '-d', out]);
    const data = JSON.parse(await readFile(path.join(out, 'data.json'), 'utf8'));

    const conn = db.orm.em.getConnection();
    const [user] = await conn.execute('select id, display_name, kind from users where id = ?', [me]);
    expect(data.profile).toMatchObject(user!);
    const owned = await conn.execute<{ replay_id: string }[]>(
      'select replay_id from replay_ownerships where user_id = ? order by replay_id',
      [me],
    );
    const ids = data.replays.map((r: { id: string }) => r.id).sort();
    expect(ids).toEqual(owned.map((o) => o.replay_id));
    expect(ids).toEqual([mine, shared].sort());
    expect(ids).not.toContain(theirs);
    // The coach: the user's conversation with its messages and their notes, nobody else's.
    expect(data.coach.conversations.map((c: { id: string }) => c.id)).toEqual([asked.conversationId]);
    expect(data.coach.conversations[0].messages.map((m: { text: string }) => m.text)).toEqual([
      'my question',
      '',
    ]);
    expect(data.coach.notes.map((n: { text: string }) => n.text)).toEqual(['my note']);
    expect(JSON.stringify(data)).not.toMatch(/access_token|refresh_token|storage_key/);

    for (const [id, file] of [
      [mine, DEMO_FILES[0]!],
      [shared, DEMO_FILES[1]!],
    ] as const) {
      const exported = await readFile(path.join(out, 'replays', `${id}.replay`));
      const original = await readFile(path.join(DEMO_DIR, file));
      expect(Buffer.compare(exported, original)).toBe(0);
    }
    expect(execFileSync('unzip', ['-Z1', zipPath], { encoding: 'utf8' }).trim().split('\n')).toHaveLength(3);
  });

  it('refuses an unknown user with a typed error', async () => {
    await expect(
      buildUserExport(
        db.orm.em.fork(),
        storage,
        '00000000-0000-4000-8000-000000000000',
        path.join(tmp.dir, 'x.zip'),
      ),
    ).rejects.toBeInstanceOf(ExportUserMissingError);
  });
});

import { stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@rlcoach/db/testing';
import { DEFAULT_COACH_LIMITS, createAsk, createCoachNote, reserveTokens } from '@rlcoach/db/coach/index';
import { deleteUserData } from '../src/user-data/delete-user.js';
import { ReplayStorage } from '@rlcoach/db/storage/replay-storage';
import { DEMO_FILES, createUser, noRowsLeft, tempDir, uploadDemo, userRowsLeft } from './support.js';

let db: TestDatabase;
let tmp: Awaited<ReturnType<typeof tempDir>>;
let storage: ReplayStorage;

beforeAll(async () => {
  db = await createTestDatabase('deluser');
  tmp = await tempDir('deluser');
  storage = new ReplayStorage(path.join(tmp.dir, 'store'));
});
afterAll(async () => {
  await db?.drop();
  await tmp?.cleanup();
});

const upload = (userId: string, file: string) => uploadDemo(db.orm, storage, userId, file);

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

describe('deleteUserData', () => {
  it('removes every row of the user and files only they owned; a shared replay survives for the other owner', async () => {
    const me = await createUser(db.orm, 'Leaving');
    const other = await createUser(db.orm, 'Staying');
    const mine = await upload(me, DEMO_FILES[0]!);
    const shared = await upload(me, DEMO_FILES[1]!);
    await upload(other, DEMO_FILES[1]!);
    const conn = db.orm.em.getConnection();
    await conn.execute(
      `insert into sessions (id, session_token, user_id, expires, created_at) values (gen_random_uuid(), 'tok-' || gen_random_uuid(), ?, now() + interval '1 day', now())`,
      [me],
    );
    // Coach rows: a conversation (question and answer), a note, a budget month with a reservation.
    await conn.execute("update users set kind = 'member', plan_grant = 'pro' where id = ?", [me]);
    const asked = await createAsk(
      db.orm.em.fork(),
      me,
      { conversationId: null, text: 'bye', mode: 'chat' },
      DEFAULT_COACH_LIMITS,
    );
    await createCoachNote(db.orm.em.fork(), me, 'a note', 'coach');
    await reserveTokens(db.orm.em.fork(), {
      userId: me,
      messageId: asked.messageId,
      tokens: 10,
      limitTokens: 100,
    });
    const keyOf = async (id: string) =>
      (
        await conn.execute<{ storage_key: string }[]>('select storage_key from replays where id = ?', [id])
      )[0]!.storage_key;
    const mineFile = storage.pathOf(await keyOf(mine));
    const sharedFile = storage.pathOf(await keyOf(shared));
    expect(await exists(mineFile)).toBe(true);

    const outcome = await deleteUserData(db.orm.em.fork(), storage, me);
    expect(outcome).toEqual({ userFound: true, replaysRemoved: 1, filesRemoved: 1 });

    const left = await userRowsLeft(db.orm, me);
    expect(Object.keys(left)).toContain('replay_ownerships');
    expect(Object.keys(left)).toEqual(
      expect.arrayContaining(['coach_messages', 'coach_notes', 'coach_budgets']),
    );
    expect(left).toEqual(noRowsLeft(left));
    expect(await conn.execute('select id from users where id = ?', [me])).toHaveLength(0);
    expect(await conn.execute('select id from replays where id = ?', [mine])).toHaveLength(0);
    expect(await exists(mineFile)).toBe(false);

    expect(await conn.execute('select id from replays where id = ?', [shared])).toHaveLength(1);
    expect(await exists(sharedFile)).toBe(true);
    expect(
      await conn.execute('select 1 from replay_ownerships where user_id = ? and replay_id = ?', [
        other,
        shared,
      ]),
    ).toHaveLength(1);
  });

  it('is a no-op for an unknown user', async () => {
    expect(await deleteUserData(db.orm.em.fork(), storage, '00000000-0000-4000-8000-000000000000')).toEqual({
      userFound: false,
      replaysRemoved: 0,
      filesRemoved: 0,
    });
  });
});

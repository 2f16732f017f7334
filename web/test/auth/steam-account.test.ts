/** After Steam confirms an id: create, sign in, link to the signed-in user, or refuse a link owned by someone else. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Account, User, UserKind } from '@rlcoach/db';
import { sessionState } from '@rlcoach/db/auth/sessions';
import { createTestDatabase, type TestDatabase } from '@rlcoach/db/testing';
import { linkSteamAccount, signInWithSteam } from '$lib/server/auth/steam-account';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('steam_account');
});
afterAll(async () => db?.drop());

describe('signInWithSteam', () => {
  it('creates a user on first sign-in, signs the same user in next time', async () => {
    const first = await signInWithSteam(db.orm, '76561198000000011', null);
    expect(first.kind).toBe('created');
    if (first.kind !== 'created') return;
    expect(await sessionState(db.orm.em.fork(), first.session.id, first.userId)).toBe('live');
    const user = await db.orm.em.fork().findOneOrFail(User, { id: first.userId });
    expect(user.termsAcceptedAt).toBeNull(); // the terms page comes next
    const again = await signInWithSteam(db.orm, '76561198000000011', null);
    expect(again).toMatchObject({ kind: 'signed-in', userId: first.userId });
  });

  it('never links a new id on the callback alone: the signed-in user confirms, then it is linked', async () => {
    const em = db.orm.em.fork();
    const me = em.create(User, { displayName: 'Me', kind: UserKind.Member, createdAt: new Date() });
    await em.flush();
    expect(await signInWithSteam(db.orm, '76561198000000022', me.id)).toEqual({
      kind: 'confirm-link',
      userId: me.id,
      session: null,
    });
    expect(await db.orm.em.fork().count(Account, { user: me.id, provider: 'steam' })).toBe(0);
    expect(await linkSteamAccount(db.orm, '76561198000000022', me.id)).toBe('linked');
    expect(await db.orm.em.fork().count(Account, { user: me.id, provider: 'steam' })).toBe(1);
    expect(await signInWithSteam(db.orm, '76561198000000022', me.id)).toMatchObject({
      kind: 'already-linked',
      userId: me.id,
    });
    // An id someone else owns is refused, on the callback and on a (stale) confirmation.
    expect(await signInWithSteam(db.orm, '76561198000000011', me.id)).toEqual({
      kind: 'conflict',
      session: null,
    });
    expect(await linkSteamAccount(db.orm, '76561198000000011', me.id)).toBe('conflict');
  });
});

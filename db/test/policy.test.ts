/** The policy module against a real database: owner, other user, signed out, malformed ids. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Replay, User, UserKind, linkOwner } from '../src/index.js';
import { policy, type Actor } from '../src/auth/policy.js';
import { createTestDatabase, type TestDatabase } from '../src/testing.js';

let db: TestDatabase;
let owner: Actor;
let other: Actor;
let replayId: string;

beforeAll(async () => {
  db = await createTestDatabase('policy');
  const em = db.orm.em.fork();
  const a = em.create(User, { displayName: 'Owner', kind: UserKind.Member } as User);
  const b = em.create(User, { displayName: 'Other', kind: UserKind.Member } as User);
  const r = em.create(Replay, {
    fileSha256: 'a'.repeat(64),
    storageKey: 'aa/aaaa.replay',
    sizeBytes: 10,
    header: {},
  } as Replay);
  await em.flush();
  await linkOwner(em, a.id, r.id);
  owner = { userId: a.id, kind: 'member' };
  other = { userId: b.id, kind: 'member' };
  replayId = r.id;
});
afterAll(async () => db?.drop());

describe('policy', () => {
  it('canViewReplay / canJoinReplayRoom: owner 200, other user 404, signed out 401', async () => {
    for (const rule of [policy.canViewReplay, policy.canJoinReplayRoom]) {
      const em = db.orm.em.fork();
      expect(await rule(em, owner, replayId)).toEqual({ allowed: true });
      expect(await rule(em, owner, replayId.toUpperCase())).toEqual({ allowed: true });
      expect(await rule(em, other, replayId)).toMatchObject({ allowed: false, status: 404 });
      expect(await rule(em, null, replayId)).toMatchObject({ allowed: false, status: 401 });
      expect(await rule(em, owner, 'not-a-uuid')).toMatchObject({ allowed: false, status: 404 });
      expect(await rule(em, owner, '00000000-0000-4000-8000-000000000000')).toMatchObject({ status: 404 });
    }
  });

  it('canUpload: signed-in accounts, not guests', () => {
    expect(policy.canUpload(owner)).toEqual({ allowed: true });
    expect(policy.canUpload({ ...owner, kind: 'demo' })).toEqual({ allowed: true });
    expect(policy.canUpload({ ...owner, kind: 'guest' })).toMatchObject({ status: 403 });
    expect(policy.canUpload(null)).toMatchObject({ status: 401 });
  });

  it('signedIn and canQueryReplayStatus: anyone signed in', () => {
    expect(policy.signedIn(other)).toEqual({ allowed: true });
    expect(policy.signedIn(null)).toMatchObject({ status: 401 });
    expect(policy.canQueryReplayStatus(null)).toMatchObject({ status: 401 });
  });
});

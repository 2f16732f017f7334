/** The policy module against a real database: owner, other user, signed out, malformed ids. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Replay, User, UserKind, entitlementOf, linkOwner, setPlanGrant } from '../src/index.js';
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

  it('canOperate: admins only', () => {
    expect(policy.canOperate({ ...owner, role: 'admin' })).toEqual({ allowed: true });
    expect(policy.canOperate(owner)).toMatchObject({ status: 403 });
    expect(policy.canOperate({ ...owner, role: 'player' })).toMatchObject({ status: 403 });
    expect(policy.canOperate(null)).toMatchObject({ status: 401 });
  });

  it('canUseCoach follows the entitlement: a Pro grant unlocks it, withdrawing it locks it again', async () => {
    const em = db.orm.em.fork();
    expect(await entitlementOf(em, owner.userId)).toMatchObject({
      plan: 'free',
      source: 'none',
      proUntil: null,
    });
    expect(policy.canUseCoach(owner, await entitlementOf(em, owner.userId))).toMatchObject({ status: 403 });
    await setPlanGrant(em, owner.userId, 'pro');
    const pro = await entitlementOf(db.orm.em.fork(), owner.userId);
    expect(pro).toMatchObject({ plan: 'pro', source: 'grant', proUntil: null });
    expect(policy.canUseCoach(owner, pro)).toEqual({ allowed: true });
    expect(policy.canUseCoach({ ...owner, kind: 'guest' }, pro)).toMatchObject({ status: 403 });
    expect(policy.canUseCoach(null, pro)).toMatchObject({ status: 401 });
    // another user is untouched by this grant, and an unknown id is free
    expect((await entitlementOf(em, other.userId)).plan).toBe('free');
    expect((await entitlementOf(em, '00000000-0000-4000-8000-000000000000')).plan).toBe('free');
    await setPlanGrant(em, owner.userId, null);
    expect((await entitlementOf(db.orm.em.fork(), owner.userId)).plan).toBe('free');
  });
});

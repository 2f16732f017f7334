/**
 * Alt-account exclusion against real Postgres: a replay in which the owner appears only through an
 * excluded claimed id stays owned (visible) but stops counting; "count this one" brings a single
 * replay back; a replay where they also play through a non-excluded id keeps counting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Account, PlayerClaim, Replay, User, UserKind, linkOwner } from '../src/index.js';
import {
  excludedReplays,
  listClaimedIds,
  setClaimExcluded,
  setCountOverride,
} from '../src/auth/alt-accounts.js';
import { ownershipIdentity } from '../src/auth/identity.js';
import { createTestDatabase, type TestDatabase } from '../src/testing.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('alt_accounts');
});
afterAll(async () => db?.drop());

const MAIN = '76561198000000001';
const ALT = '76561198000000002';
const STRANGER = '76561198000000003';
let seq = 0;

async function replayWith(steamIds: string[]): Promise<string> {
  const em = db.orm.em.fork();
  seq++;
  const r = em.create(Replay, {
    fileSha256: seq.toString(16).padStart(64, '0'),
    storageKey: `x/${seq}.replay`,
    sizeBytes: 1,
    header: { players: steamIds.map((id, i) => ({ name: `P${i}`, platform: 'steam', platformId: id })) },
  } as Replay);
  await em.flush();
  return r.id;
}

async function ownership(userId: string, replayId: string) {
  const [row] = await db.orm.em
    .getConnection()
    .execute<{ player_key: string | null; counts: boolean }[]>(
      'select player_key, counts from replay_ownerships where user_id = ? and replay_id = ?',
      [userId, replayId],
    );
  return row;
}

describe('ownershipIdentity', () => {
  it('counts a non-excluded match, not an excluded-only one unless overridden', () => {
    const main = `steam:${MAIN}`;
    const alt = `steam:${ALT}`;
    expect(ownershipIdentity([main, alt], [main, alt], [alt], false)).toEqual({
      playerKey: main,
      counts: true,
    });
    expect(ownershipIdentity([alt], [main, alt], [alt], false)).toEqual({ playerKey: alt, counts: false });
    expect(ownershipIdentity([alt], [main, alt], [alt], true)).toEqual({ playerKey: alt, counts: true });
    expect(ownershipIdentity([`steam:${STRANGER}`], [main, alt], [alt], true)).toEqual({
      playerKey: null,
      counts: false,
    });
  });
});

describe('alt account exclusion (Postgres)', () => {
  it('keeps excluded-only replays visible but uncounted, with a per-replay override', async () => {
    const em = db.orm.em.fork();
    const me = em.create(User, { displayName: 'Main', kind: UserKind.Member } as User);
    await em.flush();
    em.create(Account, {
      user: em.getReference(User, me.id),
      type: 'oauth',
      provider: 'steam',
      providerAccountId: MAIN,
    } as Account);
    await em.flush();

    const onMain = await replayWith([MAIN, STRANGER]);
    const onAlt = await replayWith([ALT, STRANGER]);
    const onBoth = await replayWith([MAIN, ALT]);
    const notMe = await replayWith([STRANGER]);
    for (const r of [onMain, onAlt, onBoth, notMe]) await linkOwner(em, me.id, r);

    expect(await ownership(me.id, onMain)).toEqual({ player_key: `steam:${MAIN}`, counts: true });
    expect(await ownership(me.id, onAlt)).toEqual({ player_key: null, counts: false });
    expect(await ownership(me.id, notMe)).toEqual({ player_key: null, counts: false });

    // Claiming the alt ("this was me" on onAlt) makes its replays count…
    em.create(PlayerClaim, {
      user: em.getReference(User, me.id),
      playerKey: `steam:${ALT}`,
      replayId: onAlt,
    } as PlayerClaim);
    await em.flush();
    expect(await setClaimExcluded(em, me.id, `steam:${ALT}`, false)).toBe(true);
    expect(await ownership(me.id, onAlt)).toEqual({ player_key: `steam:${ALT}`, counts: true });

    // …excluding it keeps the replay (still owned, still names the alt) but it stops counting.
    expect(await setClaimExcluded(em, me.id, `steam:${ALT}`, true)).toBe(true);
    expect(await ownership(me.id, onAlt)).toEqual({ player_key: `steam:${ALT}`, counts: false });
    expect(await ownership(me.id, onBoth)).toEqual({ player_key: `steam:${MAIN}`, counts: true });
    expect(await ownership(me.id, onMain)).toEqual({ player_key: `steam:${MAIN}`, counts: true });
    expect((await excludedReplays(em, me.id)).map((r) => r.replayId)).toEqual([onAlt]);
    const ids = await listClaimedIds(em, me.id);
    expect(ids).toMatchObject([{ playerKey: `steam:${ALT}`, excluded: true, replays: 1 }]);

    // "Count this one".
    expect(await setCountOverride(em, me.id, onAlt, true)).toBe(true);
    expect(await ownership(me.id, onAlt)).toEqual({ player_key: `steam:${ALT}`, counts: true });
    // Un-excluding and re-excluding keeps the override; clearing it drops the replay again.
    expect(await setCountOverride(em, me.id, onAlt, false)).toBe(true);
    expect(await ownership(me.id, onAlt)).toEqual({ player_key: `steam:${ALT}`, counts: false });

    // Someone else's claim or replay cannot be toggled.
    const other = em.create(User, { displayName: 'Other', kind: UserKind.Member } as User);
    await em.flush();
    expect(await setClaimExcluded(em, other.id, `steam:${ALT}`, true)).toBe(false);
    expect(await setCountOverride(em, other.id, onAlt, true)).toBe(false);
    expect(await setCountOverride(em, me.id, 'not-a-uuid', true)).toBe(false);
    expect(await ownership(me.id, onAlt)).toEqual({ player_key: `steam:${ALT}`, counts: false });
  });
});

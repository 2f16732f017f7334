/**
 * Review rooms in db: the repository (members, invites, idempotent chat and annotations kept with
 * the replay), the policy rules, invite tokens and the Redis playback store's atomic changes.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Replay, User, UserKind, linkOwner } from '../src/index.js';
import { policy, type Actor } from '../src/auth/policy.js';
import {
  addAnnotation,
  addChatMessage,
  createInvite,
  createRoom,
  deleteAnnotation,
  listChat,
  listReplayAnnotations,
  listRoomAnnotations,
  listRoomMembers,
  readRoomReplayReport,
  readRoomReplayTrack,
  redeemInvite,
  revokeInvite,
  roomRoleOf,
} from '../src/repositories/room-repository.js';
import { signInviteToken, verifyInviteToken } from '../src/rooms/invite-token.js';
import { RoomPlaybackStore } from '../src/rooms/playback-store.js';
import { createTestDatabase, type TestDatabase } from '../src/testing.js';

let db: TestDatabase;
let redis: Redis;
let owner: Actor;
let mate: Actor;
let stranger: Actor;
let replayId: string;
let otherReplayId: string;

const em = () => db.orm.em.fork();

beforeAll(async () => {
  db = await createTestDatabase('rooms');
  redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
  const e = em();
  const [a, b, c] = ['Owner', 'Mate', 'Stranger'].map((displayName) =>
    e.create(User, { displayName, kind: UserKind.Member } as User),
  );
  const replay = (n: string) =>
    e.create(Replay, {
      fileSha256: n.repeat(64),
      storageKey: `${n}/${n}.replay`,
      sizeBytes: 1,
      header: {},
    } as Replay);
  const r1 = replay('a');
  const r2 = replay('b');
  await e.flush();
  await linkOwner(e, a!.id, r1.id);
  await linkOwner(e, a!.id, r2.id);
  owner = { userId: a!.id, kind: 'member' };
  mate = { userId: b!.id, kind: 'member' };
  stranger = { userId: c!.id, kind: 'member' };
  replayId = r1.id;
  otherReplayId = r2.id;
});
afterAll(async () => {
  redis?.disconnect();
  await db?.drop();
});

describe('rooms: repository and policy', () => {
  it('opening, inviting, joining; members see THAT replay only; expired and revoked invites refused', async () => {
    expect(await policy.canOpenRoom(em(), owner, replayId)).toEqual({ allowed: true });
    expect(await policy.canOpenRoom(em(), mate, replayId)).toMatchObject({ status: 404 });
    expect(await policy.canOpenRoom(em(), { ...owner, kind: 'guest' }, replayId)).toMatchObject({
      status: 403,
    });

    const room = await createRoom(em(), { ownerId: owner.userId, replayId, title: 'Kickoffs' });
    expect(await roomRoleOf(em(), room.id, owner.userId)).toBe('owner');
    expect(await policy.canViewRoom(em(), mate, room.id)).toMatchObject({ status: 404 });
    expect(await policy.canManageRoom(em(), owner, room.id)).toEqual({ allowed: true });

    const live = await createInvite(em(), {
      roomId: room.id,
      createdBy: owner.userId,
      role: 'member',
      expiresAt: new Date(Date.now() + 3600_000),
    });
    const expired = await createInvite(em(), {
      roomId: room.id,
      createdBy: owner.userId,
      role: 'member',
      expiresAt: new Date(Date.now() - 1000),
    });
    const viewerInvite = await createInvite(em(), {
      roomId: room.id,
      createdBy: owner.userId,
      role: 'viewer',
      expiresAt: new Date(Date.now() + 3600_000),
    });
    expect(await redeemInvite(em(), { roomId: room.id, inviteId: expired.id, userId: mate.userId })).toEqual({
      ok: false,
      reason: 'expired',
    });
    // An invite of this room does not open another room.
    const otherRoom = await createRoom(em(), { ownerId: owner.userId, replayId: otherReplayId, title: 'x' });
    expect(
      await redeemInvite(em(), { roomId: otherRoom.id, inviteId: live.id, userId: mate.userId }),
    ).toEqual({ ok: false, reason: 'unknown' });
    expect(await redeemInvite(em(), { roomId: room.id, inviteId: live.id, userId: mate.userId })).toEqual({
      ok: true,
      role: 'member',
    });
    expect(await revokeInvite(em(), room.id, viewerInvite.id)).toBe(true);
    expect(
      await redeemInvite(em(), { roomId: room.id, inviteId: viewerInvite.id, userId: stranger.userId }),
    ).toEqual({ ok: false, reason: 'revoked' });
    expect((await listRoomMembers(em(), room.id)).map((m) => [m.name, m.role])).toEqual([
      ['Owner', 'owner'],
      ['Mate', 'member'],
    ]);

    // The member sees the room's replay (through the room), never the owner's other replay.
    expect(await policy.canViewRoom(em(), mate, room.id)).toEqual({ allowed: true });
    expect(await policy.canViewRoomReplay(em(), mate, room.id, replayId)).toEqual({ allowed: true });
    expect(await policy.canViewRoomReplay(em(), mate, room.id, otherReplayId)).toMatchObject({ status: 404 });
    expect(await policy.canViewReplay(em(), mate, otherReplayId)).toMatchObject({ status: 404 });
    expect(await policy.canViewRoomReplay(em(), stranger, room.id, replayId)).toMatchObject({ status: 404 });
    expect(await policy.canManageRoom(em(), mate, room.id)).toMatchObject({ status: 403 });
    expect((await readRoomReplayReport(em(), mate.userId, room.id))?.replayId).toBe(replayId);
    expect(await readRoomReplayReport(em(), stranger.userId, room.id)).toBeNull();
    expect(await readRoomReplayTrack(em(), stranger.userId, room.id)).toBeNull();

    // Role rules on a known role.
    const ctx = { userId: mate.userId, driverId: owner.userId, controlMode: 'driver' as const };
    expect(policy.canControlRoomPlayback('member', ctx)).toMatchObject({ status: 403 });
    expect(policy.canControlRoomPlayback('member', { ...ctx, controlMode: 'everyone' })).toEqual({
      allowed: true,
    });
    expect(policy.canControlRoomPlayback('viewer', { ...ctx, controlMode: 'everyone' })).toMatchObject({
      status: 403,
    });
    expect(policy.canControlRoomPlayback(null, ctx)).toMatchObject({ status: 404 });
    expect(policy.canPassRoomDriver('owner', { ...ctx, userId: owner.userId, targetRole: 'member' })).toEqual(
      {
        allowed: true,
      },
    );
    expect(
      policy.canPassRoomDriver('owner', { ...ctx, userId: owner.userId, targetRole: 'viewer' }),
    ).toMatchObject({
      status: 403,
    });
    expect(policy.canPassRoomDriver('member', { ...ctx, targetRole: 'owner' })).toMatchObject({
      status: 403,
    });
    expect(policy.canAnnotateRoom('viewer')).toMatchObject({ status: 403 });
    expect(policy.canTalkInRoom('viewer')).toEqual({ allowed: true });
  });

  it('chat and annotations are stored once per client id, and annotations stay with the replay', async () => {
    const room = await createRoom(em(), { ownerId: owner.userId, replayId, title: 'Defence' });
    const clientId = randomUUID();
    const first = await addChatMessage(em(), {
      roomId: room.id,
      authorId: owner.userId,
      clientId,
      text: 'hi',
    });
    const again = await addChatMessage(em(), {
      roomId: room.id,
      authorId: owner.userId,
      clientId,
      text: 'hi',
    });
    expect(first?.created).toBe(true);
    expect(again).toEqual({ message: first!.message, created: false });
    expect((await listChat(em(), room.id)).map((m) => m.text)).toEqual(['hi']);

    const note = {
      roomId: room.id,
      replayId,
      authorId: owner.userId,
      clientId: randomUUID(),
      time: 42.5,
      kind: 'arrow' as const,
      text: null,
      points: [
        { x: 0, y: 0 },
        { x: 100, y: -2000 },
      ],
    };
    const a = await addAnnotation(em(), note);
    expect(a?.created).toBe(true);
    expect((await addAnnotation(em(), note))?.created).toBe(false);
    expect(await listRoomAnnotations(em(), room.id)).toEqual([a!.annotation]);
    expect(a!.annotation).toMatchObject({
      time: 42.5,
      kind: 'arrow',
      authorName: 'Owner',
      points: note.points,
    });

    // Another author cannot delete it; the owner (anyAuthor) can — but first, the room goes away:
    // the annotation stays on the replay for a coach to read.
    expect(
      await deleteAnnotation(em(), {
        roomId: room.id,
        annotationId: a!.annotation.id,
        userId: mate.userId,
        anyAuthor: false,
      }),
    ).toBe(false);
    await em().getConnection().execute('delete from review_rooms where id = ?', [room.id]);
    const kept = await listReplayAnnotations(em(), replayId);
    expect(kept.map((k) => [k.id, k.roomId])).toEqual([[a!.annotation.id, null]]);
  });
});

describe('rooms: invite tokens', () => {
  it('round-trips and refuses tampering or another secret', () => {
    const secret = 'x'.repeat(32);
    const claims = { roomId: randomUUID(), inviteId: randomUUID() };
    const token = signInviteToken(secret, claims);
    expect(verifyInviteToken(secret, token)).toEqual(claims);
    expect(verifyInviteToken('y'.repeat(32), token)).toBeNull();
    const swapped = `${randomUUID()}.${claims.inviteId}.${token.split('.')[2]}`;
    expect(verifyInviteToken(secret, swapped)).toBeNull();
    expect(verifyInviteToken(secret, 'nonsense')).toBeNull();
    expect(verifyInviteToken(secret, 42)).toBeNull();
  });
});

describe('rooms: playback store (Redis)', () => {
  it('applies changes atomically with seq, positions advance at the rate, only the driver when asked', async () => {
    let now = 1_000_000;
    const store = new RoomPlaybackStore(redis, { prefix: `test-rooms-${randomUUID()}`, now: () => now });
    const room = randomUUID();
    const driver = randomUUID();
    const other = randomUUID();
    expect(await store.get(room)).toBeNull();
    const init = await store.init(room, driver);
    expect(init).toEqual({
      driverId: driver,
      playback: { playing: false, position: 0, rate: 1, serverTime: now, seq: 0 },
    });
    expect(await store.init(room, other)).toEqual(init); // init never overwrites

    const seek = await store.control(
      room,
      { roomId: room, action: 'seek', position: 12.5 },
      { userId: driver, onlyDriver: true },
    );
    expect(seek).toMatchObject({ ok: true, live: { playback: { position: 12.5, seq: 1, playing: false } } });
    expect(
      await store.control(room, { roomId: room, action: 'play' }, { userId: other, onlyDriver: true }),
    ).toEqual({ ok: false, reason: 'NOT_DRIVER', driverId: driver });
    await store.control(room, { roomId: room, action: 'play' }, { userId: driver, onlyDriver: true });
    now += 2000;
    const rate = await store.control(
      room,
      { roomId: room, action: 'rate', rate: 2 },
      { userId: driver, onlyDriver: true },
    );
    expect(rate).toMatchObject({
      ok: true,
      live: { playback: { position: 14.5, rate: 2, playing: true, seq: 3 } },
    });
    now += 1000;
    const pause = await store.control(
      room,
      { roomId: room, action: 'pause' },
      { userId: other, onlyDriver: false },
    );
    expect(pause).toMatchObject({
      ok: true,
      live: { playback: { position: 16.5, playing: false, seq: 4, serverTime: now } },
    });

    // Concurrent changes from many callers: every one gets its own seq, none lost.
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.control(
          room,
          { roomId: room, action: 'seek', position: i },
          { userId: other, onlyDriver: false },
        ),
      ),
    );
    const seqs = results.map((r) => (r.ok ? r.live.playback.seq : -1)).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => 5 + i));

    expect(await store.passDriver(room, { userId: other, onlyCurrent: true }, other)).toEqual({
      ok: false,
      reason: 'NOT_DRIVER',
      driverId: driver,
    });
    expect(await store.passDriver(room, { userId: driver, onlyCurrent: true }, other)).toMatchObject({
      ok: true,
      live: { driverId: other },
    });
    await store.clear(room);
    expect(
      await store.control(room, { roomId: room, action: 'play' }, { userId: other, onlyDriver: false }),
    ).toEqual({
      ok: false,
      reason: 'NO_ROOM',
    });
  });
});

/**
 * Review rooms across two realtime nodes on one Redis and a real Postgres: three clients with wrong
 * clocks (skewed seconds apart) follow the driver's seek, play and speed change to within 50 ms of
 * each other; one node is stopped, its clients move to the other and are back in sync within 2 s;
 * chat and annotations from before, during and after are all present exactly once. And the
 * refusals: a non-member, an expired or revoked or forged invite, a viewer (and a non-driver) seeking.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Replay, linkOwner } from '@rlcoach/db';
import { signSessionToken } from '@rlcoach/db/contracts/session-token';
import {
  createInvite,
  createRoom,
  listChat,
  listRoomAnnotations,
} from '@rlcoach/db/repositories/room-repository';
import { signInviteToken } from '@rlcoach/db/rooms/invite-token';
import { TEST_SECRET, startNode, uniqueKey, type TestNode } from './support/node.js';
import { createTestPlatform, type TestPlatform } from './support/platform.js';
import { RoomCallError, RoomTestClient } from './support/room-client.js';

let platform: TestPlatform;
let a: TestNode;
let b: TestNode;
let nodes: TestNode[] = [];
let ids: { owner: string; mate: string; viewer: string; stranger: string; roomId: string };
let invites: { member: string; viewer: string; expired: string; revoked: string };
const clients: RoomTestClient[] = [];

const token = (userId: string) => signSessionToken(TEST_SECRET, userId);

beforeAll(async () => {
  platform = await createTestPlatform('rooms');
  const [owner, mate, viewer, stranger] = await Promise.all(
    ['Owner', 'Mate', 'Viewer', 'Stranger'].map((n) => platform.createUser(n)),
  );
  const em = platform.db.orm.em.fork();
  const replay = em.create(Replay, {
    fileSha256: 'c'.repeat(64),
    storageKey: 'cc/c.replay',
    sizeBytes: 1,
    header: {},
  } as Replay);
  await em.flush();
  await linkOwner(em, owner!, replay.id);
  const room = await createRoom(em, { ownerId: owner!, replayId: replay.id, title: 'Second-half review' });
  const hour = new Date(Date.now() + 3600_000);
  const inv = async (role: 'member' | 'viewer', expiresAt = hour) =>
    createInvite(platform.db.orm.em.fork(), { roomId: room.id, createdBy: owner!, role, expiresAt });
  const [member, viewerInv, expired, revoked] = await Promise.all([
    inv('member'),
    inv('viewer'),
    inv('member', new Date(Date.now() - 1000)),
    inv('member'),
  ]);
  await platform.db.orm.em
    .fork()
    .getConnection()
    .execute('update review_room_invites set revoked_at = now() where id = ?', [revoked.id]);
  const sign = (inviteId: string) => signInviteToken(TEST_SECRET, { roomId: room.id, inviteId });
  invites = {
    member: sign(member.id),
    viewer: sign(viewerInv.id),
    expired: sign(expired.id),
    revoked: sign(revoked.id),
  };
  ids = { owner: owner!, mate: mate!, viewer: viewer!, stranger: stranger!, roomId: room.id };

  const key = uniqueKey('rooms');
  const rl = uniqueKey('rooms-rl');
  [a, b] = await Promise.all([
    startNode(platform.deps, { socketIoKey: key, rateLimitPrefix: rl }),
    startNode(platform.deps, { socketIoKey: key, rateLimitPrefix: rl }),
  ]);
  nodes = [a, b];
});

afterAll(async () => {
  for (const c of clients) c.close();
  await Promise.allSettled(nodes.map((n) => n.close()));
  await platform?.close();
});

async function newClient(name: string, userId: string, urls: string[], skewMs: number) {
  const c = new RoomTestClient(name, token(userId), urls, skewMs);
  clients.push(c);
  await c.connect();
  return c;
}

/** Poll until `check` passes or `ms` runs out; returns the elapsed time. */
async function within(ms: number, check: () => void | Promise<void>): Promise<number> {
  const start = Date.now();
  for (;;) {
    try {
      await check();
      return Date.now() - start;
    } catch (err) {
      if (Date.now() - start > ms) throw err;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

function spread(cs: RoomTestClient[]): number {
  const p = cs.map((c) => c.position());
  return Math.max(...p) - Math.min(...p);
}

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof RoomCallError) return err.code;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('review rooms on two nodes', () => {
  it('refuses non-members, expired, revoked and forged invites, malformed payloads, and a viewer seeking', async () => {
    const stranger = await newClient('stranger', ids.stranger, [a.url], 0);
    expect(await refusal(stranger.join(ids.roomId))).toBe('NOT_FOUND');
    expect(await refusal(stranger.join(ids.roomId, invites.expired))).toBe('INVITE_EXPIRED');
    expect(await refusal(stranger.join(ids.roomId, invites.revoked))).toBe('INVITE_REVOKED');
    const forged = `${invites.member.slice(0, -4)}AAAA`;
    expect(await refusal(stranger.join(ids.roomId, forged))).toBe('FORBIDDEN');
    expect(await refusal(stranger.call('room:join', { roomId: 'not-a-uuid' }))).toBe('BAD_REQUEST');
    // Not joined: nothing in the room works, whatever the payload says.
    expect(
      await refusal(
        stranger.call('room:chat', { roomId: ids.roomId, clientId: crypto.randomUUID(), text: 'hi' }),
      ),
    ).toBe('NOT_FOUND');
    expect(
      await refusal(stranger.call('room:control', { roomId: ids.roomId, action: 'seek', position: 3 })),
    ).toBe('NOT_FOUND');
    stranger.close();
  });

  it('three clients on two nodes stay within 50 ms; a stopped node’s clients are back in sync within 2 s; nothing lost or doubled', async () => {
    // Clocks seconds apart: each client must estimate the server clock to agree on "now".
    const owner = await newClient('owner', ids.owner, [a.url, b.url], 0);
    const mate = await newClient('mate', ids.mate, [b.url, a.url], 3_700);
    const viewer = await newClient('viewer', ids.viewer, [a.url, b.url], -2_300);
    const all = [owner, mate, viewer];
    await owner.join(ids.roomId);
    expect((await mate.join(ids.roomId, invites.member)).me.role).toBe('member');
    expect((await viewer.join(ids.roomId, invites.viewer)).me.role).toBe('viewer');
    await Promise.all(all.map((c) => c.sync()));
    for (const c of all) expect(c.driverId).toBe(ids.owner);

    // A viewer never controls; a member does not while the owner drives.
    expect(await refusal(viewer.control({ action: 'seek', position: 5 }))).toBe('FORBIDDEN');
    expect(await refusal(mate.control({ action: 'seek', position: 5 }))).toBe('FORBIDDEN');
    expect(await refusal(mate.call('room:pass-driver', { roomId: ids.roomId, toUserId: ids.mate }))).toBe(
      'FORBIDDEN',
    );

    // The driver seeks, plays and changes speed.
    await owner.control({ action: 'seek', position: 30 });
    await owner.control({ action: 'play' });
    const last = await owner.control({ action: 'rate', rate: 2 });
    await within(2000, () => {
      for (const c of all) expect(c.state?.seq).toBe(last.playback.seq);
    });
    for (let i = 0; i < 5; i++) {
      expect(spread(all)).toBeLessThan(0.05);
      await new Promise((r) => setTimeout(r, 60));
    }
    // And they agree with the room: playing at 2× from 30 s.
    expect(owner.position()).toBeGreaterThan(30);
    expect(owner.state).toMatchObject({ playing: true, rate: 2 });

    // Chat and annotations before the outage.
    await owner.sendChat('before: watch the back post');
    await viewer.sendChat('before: from the viewer');
    await mate.annotate({
      time: 31,
      kind: 'arrow',
      points: [
        { x: 0, y: 0 },
        { x: 500, y: 3000 },
      ],
    });
    expect(
      await refusal(viewer.annotate({ time: 31, kind: 'note', text: 'x', points: [{ x: 0, y: 0 }] })),
    ).toBe('FORBIDDEN');

    // Node A stops (owner and viewer are on it). A message is in flight as it goes.
    const inFlight = owner.sendChat('during: sent as the node went down').catch(() => null);
    const stoppedAt = Date.now();
    await a.close();
    nodes = [b];
    await within(2000, async () => {
      await owner.settled();
      await viewer.settled();
      expect(owner.socket?.connected && viewer.socket?.connected).toBe(true);
      expect(spread(all)).toBeLessThan(0.05);
    });
    const backInSync = Date.now() - stoppedAt;
    expect(backInSync).toBeLessThan(2000);
    await inFlight;

    // Still playing and driven from the surviving node.
    const after = await owner.control({ action: 'seek', position: 80 });
    await within(2000, () => {
      for (const c of all) expect(c.state?.seq).toBe(after.playback.seq);
    });
    expect(spread(all)).toBeLessThan(0.05);
    expect(mate.position()).toBeGreaterThanOrEqual(80);

    await mate.sendChat('after: nice save');
    await owner.annotate({
      time: 81,
      kind: 'note',
      text: 'rotate back post',
      points: [{ x: -1000, y: 2000 }],
    });
    await owner.annotate({
      time: 82,
      kind: 'freehand',
      points: [
        { x: 0, y: 0 },
        { x: 10, y: 20 },
        { x: 30, y: 50 },
      ],
    });

    const texts = [
      'before: watch the back post',
      'before: from the viewer',
      'during: sent as the node went down',
      'after: nice save',
    ];
    const stored = await listChat(platform.db.orm.em.fork(), ids.roomId);
    expect(stored.map((m) => m.text).sort()).toEqual([...texts].sort());
    const storedNotes = await listRoomAnnotations(platform.db.orm.em.fork(), ids.roomId);
    expect(storedNotes.map((n) => n.kind)).toEqual(['arrow', 'note', 'freehand']);
    await within(2000, () => {
      for (const c of all) {
        expect([...c.chat.values()].map((m) => m.text).sort()).toEqual([...texts].sort());
        expect([...c.annotations.keys()].sort()).toEqual(storedNotes.map((n) => n.id).sort());
      }
    });
    console.log(
      `[rooms] back in sync ${backInSync} ms after the node stopped; final spread ${(spread(all) * 1000).toFixed(1)} ms`,
    );

    // Passing the driver: the owner hands over; now the mate drives and the owner may not.
    await owner.call('room:pass-driver', { roomId: ids.roomId, toUserId: ids.mate });
    expect(await refusal(owner.call('room:pass-driver', { roomId: ids.roomId, toUserId: ids.viewer }))).toBe(
      'FORBIDDEN',
    );
    await within(2000, () => {
      for (const c of all) expect(c.driverId).toBe(ids.mate);
    });
    await mate.control({ action: 'pause' });
    expect(await refusal(owner.control({ action: 'play' }))).toBe('FORBIDDEN');
  });
});

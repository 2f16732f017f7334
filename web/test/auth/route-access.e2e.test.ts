/**
 * The authorization table, exercised over HTTP and Socket.IO against the real built
 * processes: for every server route of the app (the same walk as route-rules.test.ts)
 * and every socket command, signed out → 401 or the sign-in redirect, another user →
 * 404 (or none of the owner's data), the owner → 200. Operator-only routes and events answer 403 to a
 * player and 200 to an admin; review-room routes and events serve the room's members only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { randomUUID } from 'node:crypto';
import { Replay, ReplayStatus, Session, User } from '@rlcoach/db';
import { signSessionToken } from '@rlcoach/db/contracts/session-token';
import { createInvite, createRoom, roomRoleOf } from '@rlcoach/db/repositories/room-repository';
import { signInviteToken } from '@rlcoach/db/rooms/invite-token';
import { ROUTE_RULES, SOCKET_RULES } from '$lib/server/auth/route-rules';
import { demoReplays } from '../e2e/fixtures';
import { missingBuilds, startStack, type Stack } from '../e2e/stack';
import { clientToServerEvents, serverRouteIds } from './routes-walk';

const COOKIE = 'authjs.session-token';
const missing = missingBuilds();
let stack: Stack;

interface Member {
  id: string;
  sessionId: string;
  cookie: string;
  token: string;
}
let owner: Member;
let other: Member;
/** A player made operator (users.role = admin). */
let admin: Member;
/** A review room on the owner's replay (the owner is its only member) and an invite link to it. */
let roomId: string;
let inviteToken: string;
let replayId: string;
let sessionId: string | undefined;
let exportId: string | undefined;

async function signIn(name: string): Promise<Member> {
  const res = await fetch(`${stack.webUrl}/signin/dev`, {
    method: 'POST',
    headers: { origin: stack.webUrl, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ name, next: '/' }),
    redirect: 'manual',
  });
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${COOKIE}=`))!
    .split(';')[0]!;
  const em = stack.db.orm.em.fork();
  const user = await em.findOneOrFail(User, { displayName: name });
  const session = await em.findOneOrFail(Session, { sessionToken: cookie.slice(COOKIE.length + 1) });
  const token = signSessionToken(stack.sessionSecret, user.id, { sessionId: session.id });
  return { id: user.id, sessionId: session.id, cookie, token };
}

beforeAll(async () => {
  if (missing.length > 0) return;
  stack = await startStack('route-access');
  owner = await signIn('Route Owner');
  other = await signIn('Route Other');
  admin = await signIn('Route Operator');
  await stack.db.orm.em.getConnection().execute("update users set role = 'admin' where id = ?", [admin.id]);
  // A real replay for the owner, through the realtime upload API and the worker.
  const fixture = demoReplays()[0]!;
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(fixture.bytes)]), fixture.fileName);
  const up = await fetch(`${stack.realtimeUrl}/api/uploads`, {
    method: 'POST',
    headers: { authorization: `Bearer ${owner.token}` },
    body: form,
  });
  expect(up.status).toBe(200);
  replayId = ((await up.json()) as { files: { replayId: string }[] }).files[0]!.replayId;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const r = await stack.db.orm.em.fork().findOneOrFail(Replay, { id: replayId });
    if (r.status === ReplayStatus.Analysed || r.status === ReplayStatus.Partial) break;
    if (Date.now() > deadline) throw new Error(`replay never finished:\n${stack.logs().slice(-3000)}`);
    await new Promise((res) => setTimeout(res, 300));
  }
  const room = await createRoom(stack.db.orm.em.fork(), { ownerId: owner.id, replayId, title: 'Route room' });
  roomId = room.id;
  const invite = await createInvite(stack.db.orm.em.fork(), {
    roomId,
    createdBy: owner.id,
    role: 'member',
    expiresAt: new Date(Date.now() + 3_600_000),
  });
  inviteToken = signInviteToken(stack.sessionSecret, { roomId, inviteId: invite.id });
  // Play sessions hold the games the owner played: claim a player of the replay ("This was me").
  const [player] = await stack.db.orm.em.getConnection().execute<{ key: string }[]>(
    `select (p->>'platform') || ':' || (p->>'platform_id') as key
         from replay_results r, jsonb_array_elements(r.report->'players') p
        where r.replay_id = ? and p->>'platform_id' <> '' limit 1`,
    [replayId],
  );
  const claim = await fetch(`${stack.webUrl}/replays/${replayId}?/claim`, {
    method: 'POST',
    headers: {
      cookie: owner.cookie,
      origin: stack.webUrl,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ playerKey: player!.key }),
  });
  expect(claim.status).toBe(200);
  const sessionsPage = await (
    await fetch(`${stack.webUrl}/sessions`, { headers: { cookie: owner.cookie } })
  ).text();
  // The first play-session card's link (SessionCard: href="/sessions/{id}").
  sessionId =
    /data-testid="session-card"[^>]*href="\/sessions\/([^"]+)"|href="\/sessions\/([^"]+)"[^>]*data-testid="session-card"/
      .exec(sessionsPage)
      ?.slice(1)
      .find(Boolean);
  // A finished data export of the owner's, through the Settings action and the worker's job.
  await fetch(`${stack.webUrl}/settings?/export`, {
    method: 'POST',
    headers: {
      cookie: owner.cookie,
      origin: stack.webUrl,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: '',
  });
  for (const until = Date.now() + 60_000; !exportId && Date.now() < until;) {
    const rows = await stack.db.orm.em
      .getConnection()
      .execute<{ id: string }[]>("select id from user_exports where user_id = ? and status = 'ready'", [
        owner.id,
      ]);
    exportId = rows[0]?.id;
    if (!exportId) await new Promise((res) => setTimeout(res, 300));
  }
});
afterAll(async () => stack?.stop());

function concretePath(routeId: string): string | null {
  let p = routeId.replace(/\/\([^)]+\)/g, '') || '/';
  if (p.includes('[sessionId]')) {
    if (!sessionId) return null;
    p = p.replace('[sessionId]', sessionId); // already URL-encoded in the href
  }
  if (p.startsWith('/account/exports/')) return exportId ? p.replace('[id]', exportId) : null;
  return p.replace('[roomId]', roomId).replace('[token]', inviteToken).replace('[id]', replayId);
}

async function get(path: string, who?: Member) {
  const res = await fetch(`${stack.webUrl}${path}`, {
    headers: who ? { cookie: who.cookie } : {},
    redirect: 'manual',
  });
  return { status: res.status, location: res.headers.get('location') ?? '', body: await res.text() };
}

describe.skipIf(missing.length > 0)('authorization over HTTP (every route in the table)', () => {
  it('covers every server route', () => {
    for (const id of serverRouteIds()) expect(ROUTE_RULES[id], id).toBeDefined();
  });

  for (const routeId of serverRouteIds()) {
    it(`${routeId}`, async () => {
      const rule = ROUTE_RULES[routeId]!;
      const path = concretePath(routeId);
      expect(path, `${routeId}: the owner has no play session to link to`).not.toBeNull();
      const api = path!.startsWith('/api/');
      const signedOut = await get(path!);
      if (rule.access === 'public') {
        expect(signedOut.status, `${path} must not require sign-in`).not.toBe(401);
        expect(signedOut.location).not.toMatch(/^\/signin\?callbackUrl/);
        expect(signedOut.status).toBeLessThan(500);
        return;
      }
      if (api) expect(signedOut.status).toBe(401);
      else
        expect([signedOut.status, signedOut.location]).toEqual([
          303,
          `/signin?callbackUrl=${encodeURIComponent(path!)}`,
        ]);

      if (rule.rule === 'canOperate') {
        // Operators only: a player (the owner of everything here included) gets 403, an admin 200.
        expect((await get(path!, owner)).status, `${path} for a player`).toBe(403);
        expect((await get(path!, admin)).status, `${path} for an admin`).toBe(200);
        return;
      }
      if (routeId.includes('/rooms/join/')) {
        // An invite link is meant for someone else: they see the invitation; looking does not join.
        const invited = await get(path!, other);
        expect(invited.status, `${path} for the invited`).toBe(200);
        expect(invited.body).toContain('Route room');
        expect(await roomRoleOf(stack.db.orm.em.fork(), roomId, other.id)).toBeNull();
        // A tampered link names no room.
        const forged = await get(
          path!.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
          other,
        );
        expect(forged.status).toBeLessThan(500);
        expect(forged.body).not.toContain('Route room');
        return;
      }
      const mine = await get(path!, owner);
      expect(mine.status, `${path} for its owner`).toBe(200);
      const theirs = await get(path!, other);
      // A path naming something of the owner's (a replay, a play session) is "not found" for anyone else.
      if (rule.access === 'resource' || routeId.includes('['))
        expect(theirs.status, `${path} for another user`).toBe(404);
      else {
        expect(theirs.status).toBe(200);
        expect(theirs.body, `${path} shows another user's replay`).not.toContain(replayId);
      }
    });
  }
});

describe.skipIf(missing.length > 0)('authorization over Socket.IO (every client → server event)', () => {
  function connect(token?: string) {
    return io(stack.realtimeUrl, {
      auth: token ? { token } : {},
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
  }

  type Answer = { ok: boolean; data?: unknown; error?: { code: string } };

  async function joined(who: Member, join = true) {
    const s = connect(who.token);
    await new Promise<void>((resolve, reject) => {
      s.on('connect', () => resolve());
      s.on('connect_error', reject);
    });
    if (join) expect(await s.timeout(5000).emitWithAck('room:join', { roomId })).toMatchObject({ ok: true });
    return s;
  }

  async function send(who: Member, event: string, payload: unknown, joinRoom = false): Promise<Answer> {
    const s = await joined(who, joinRoom);
    try {
      return (await s
        .timeout(5000)
        .emitWithAck(event as 'room:state', payload as { roomId: string })) as Answer;
    } finally {
      s.close();
    }
  }

  /** Events without an acknowledgement: a non-member's must reach nobody in the room. */
  async function unheardFromOutsider(event: 'room:typing' | 'room:pointer', payload: object) {
    const member = await joined(owner);
    const heard: unknown[] = [];
    member.on(event, (e: unknown) => heard.push(e));
    const outsider = await joined(other, false);
    outsider.emit(event, payload as never);
    await new Promise((res) => setTimeout(res, 500));
    outsider.close();
    member.close();
    expect(heard).toEqual([]);
  }

  const clip = { x: 0, y: 0 };
  /** Per event: what the owner (or an admin) may do, and what another player is refused. */
  const probes: Record<string, () => Promise<void>> = {
    'replay:status': async () => {
      const mine = await send(owner, 'replay:status', { replayIds: [replayId] });
      expect(mine.ok).toBe(true);
      expect((mine.data as { replayId: string }[]).map((d) => d.replayId)).toEqual([replayId]);
      expect(await send(other, 'replay:status', { replayIds: [replayId] })).toEqual({ ok: true, data: [] });
    },
    // This stack has no ANTHROPIC_API_KEY: the coach refuses honestly, whoever asks.
    'coach:ask': async () => {
      for (const who of [owner, other])
        expect(
          await send(who, 'coach:ask', { conversationId: null, text: 'hi', mode: 'chat' }),
        ).toMatchObject({
          ok: false,
          error: { code: 'COACH_NOT_CONFIGURED' },
        });
    },
    // Someone else's (here: nobody's) answer is not found (realtime/test/coach.test.ts covers a real one).
    'coach:stop': async () => {
      expect(await send(other, 'coach:stop', { messageId: randomUUID() })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
    },
    'coach:resume': async () => {
      expect(await send(other, 'coach:resume', { messageId: randomUUID(), afterSeq: 0 })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
    },
    'ops:watch': async () => {
      expect(await send(owner, 'ops:watch', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      const watched = await send(admin, 'ops:watch', {});
      expect(watched.ok).toBe(true);
      expect(watched.data).toHaveProperty('queues');
    },
    'ops:unwatch': async () => {
      expect(await send(owner, 'ops:unwatch', {})).toMatchObject({ ok: true });
    },
    'room:join': async () => {
      expect(await send(owner, 'room:join', { roomId })).toMatchObject({ ok: true });
      expect((await send(other, 'room:join', { roomId })).ok).toBe(false);
    },
    'room:leave': async () => {
      expect(await send(owner, 'room:leave', { roomId }, true)).toMatchObject({ ok: true });
    },
    'room:state': async () => {
      expect(await send(owner, 'room:state', { roomId }, true)).toMatchObject({ ok: true });
      expect((await send(other, 'room:state', { roomId })).ok).toBe(false);
    },
    'room:control': async () => {
      const seek = { roomId, action: 'seek', position: 12 };
      expect(await send(owner, 'room:control', seek, true)).toMatchObject({ ok: true });
      expect((await send(other, 'room:control', seek)).ok).toBe(false);
    },
    'room:pass-driver': async () => {
      expect((await send(other, 'room:pass-driver', { roomId, toUserId: other.id })).ok).toBe(false);
      // Passing to a non-member is refused even for the driver.
      expect((await send(owner, 'room:pass-driver', { roomId, toUserId: other.id }, true)).ok).toBe(false);
    },
    'room:typing': () => unheardFromOutsider('room:typing', { roomId, typing: true }),
    'room:pointer': () => unheardFromOutsider('room:pointer', { roomId, ...clip, time: 3 }),
    'room:chat': async () => {
      const msg = { roomId, clientId: randomUUID(), text: 'route check' };
      expect(await send(owner, 'room:chat', msg, true)).toMatchObject({ ok: true });
      expect((await send(other, 'room:chat', { ...msg, clientId: randomUUID() })).ok).toBe(false);
    },
    'room:annotate': async () => {
      const note = { roomId, clientId: randomUUID(), time: 5, kind: 'note', text: 'here', points: [clip] };
      expect(await send(owner, 'room:annotate', note, true)).toMatchObject({ ok: true });
      expect((await send(other, 'room:annotate', { ...note, clientId: randomUUID() })).ok).toBe(false);
    },
    'room:annotation-delete': async () => {
      const note = { roomId, clientId: randomUUID(), time: 6, kind: 'note', text: 'gone', points: [clip] };
      const made = await send(owner, 'room:annotate', note, true);
      const annotationId = (made.data as { id: string }).id;
      expect((await send(other, 'room:annotation-delete', { roomId, annotationId })).ok).toBe(false);
      expect(await send(owner, 'room:annotation-delete', { roomId, annotationId }, true)).toMatchObject({
        ok: true,
      });
    },
    // The clock ping reveals nothing but the server's time: anyone signed in.
    'room:time': async () => {
      expect(await send(other, 'room:time', { clientSentAt: Date.now() })).toMatchObject({ ok: true });
    },
  };

  it('has a probe for every client → server event', () => {
    expect(clientToServerEvents().sort()).toEqual(Object.keys(probes).sort());
  });

  it.each(clientToServerEvents())('%s', async (event) => {
    expect(SOCKET_RULES[event]).toBeDefined();
    // Signed out: the handshake itself is refused, so no event can be sent.
    const anon = connect();
    const refused = await new Promise<string | undefined>((resolve) => {
      anon.on('connect', () => resolve('CONNECTED'));
      anon.on('connect_error', (e) => resolve((e as Error & { data?: { code?: string } }).data?.code));
    });
    anon.close();
    expect(refused).toBe('UNAUTHENTICATED');
    await probes[event]!();
  });
});

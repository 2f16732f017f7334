/**
 * The authorization table, exercised over HTTP and Socket.IO against the real built
 * processes: for every server route of the app (the same walk as route-rules.test.ts)
 * and every socket command, signed out → 401 or the sign-in redirect, another user →
 * 404 (or none of the owner's data), the owner → 200.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { Replay, ReplayStatus, Session, User } from '@rlcoach/db';
import { signSessionToken } from '@rlcoach/db/contracts/session-token';
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
  return p.replace('[id]', replayId);
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

    const ask = async (who: Member) => {
      const s = connect(who.token);
      await new Promise<void>((resolve, reject) => {
        s.on('connect', () => resolve());
        s.on('connect_error', reject);
      });
      const answer = (await s
        .timeout(5000)
        .emitWithAck(event as 'replay:status', { replayIds: [replayId] })) as {
        ok: boolean;
        data?: { replayId: string }[];
      };
      s.close();
      return answer;
    };
    const mine = await ask(owner);
    expect(mine.ok).toBe(true);
    expect(mine.data?.map((d) => d.replayId)).toEqual([replayId]);
    const theirs = await ask(other);
    expect(theirs).toEqual({ ok: true, data: [] });
  });
});

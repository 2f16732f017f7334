/**
 * Rate limits behind the shipped proxy: a real nginx on loopback (the production header lines,
 * nginx/client-address.conf) in front of the real built web and realtime processes, both with
 * TRUSTED_PROXY_HOPS=1. Every visitor reaches the apps from nginx's address, so before the
 * client address was derived from the forwarded header (and per-user limits keyed on the user),
 * one user's uploads or sign-ins locked out everyone. Clients connect from distinct loopback
 * addresses (the whole of 127/8 is loopback on Linux) with `localAddress`.
 */
import { request } from 'node:http';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { RateRules, User, UserKind } from '@rlcoach/db';
import { createSessionFor } from '@rlcoach/db/auth/sessions';
import { signSessionToken } from '@rlcoach/db/contracts/session-token';
import { REPO_ROOT } from './fixtures';
import { CLIENT_ADDRESS_SNIPPET, nginxBinary, startNginx, type Nginx } from './nginx';
import { missingBuilds, startStack, type Stack } from './stack';

const missing = missingBuilds();
const noNginx = nginxBinary() === undefined;
let stack: Stack;
let proxy: Nginx;
/** The web process behind the proxy (TRUSTED_PROXY_HOPS=1). */
let proxiedWeb: string;
/** A web process reached directly (TRUSTED_PROXY_HOPS=0, the default). */
let directWeb: string;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request from a chosen loopback source address. */
function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; from?: string },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        headers: options.headers,
        ...(options.from ? { localAddress: options.from } : {}),
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A sign-in attempt (the dev sign-in form post); only whether the limiter let it through matters here. */
function signInAttempt(webUrl: string, from: string, spoof?: string): Promise<Reply> {
  // adapter-node derives the request's origin from ORIGIN (the web process's own URL), not from the proxy.
  const origin = webUrl === directWeb ? directWeb : proxiedWeb;
  return send(`${webUrl}/signin/dev`, {
    method: 'POST',
    from,
    headers: {
      origin,
      'content-type': 'application/x-www-form-urlencoded',
      ...(spoof ? { 'x-forwarded-for': spoof } : {}),
    },
    body: new URLSearchParams({ name: `Visitor ${randomUUID().slice(0, 6)}`, next: '/' }).toString(),
  });
}

async function member(name: string): Promise<{ id: string; token: string }> {
  const em = stack.db.orm.em.fork();
  const user = em.create(User, { displayName: name, kind: UserKind.Member } as User);
  await em.flush();
  const session = await createSessionFor(em, user.id);
  return { id: user.id, token: signSessionToken(stack.sessionSecret, user.id, { sessionId: session.id }) };
}

/** An upload request with a JSON body: past the rate limits the route answers 415, so 429 means "limited". */
function upload(token: string, from?: string): Promise<Reply> {
  return send(`${proxy.url}/api/uploads`, {
    method: 'POST',
    ...(from ? { from } : {}),
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: '{}',
  });
}

/** Open a socket through the proxy; resolves 'connected' or the refusal's code. */
function connectOnce(token: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = io(proxy.url, {
      auth: { token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    const timer = setTimeout(() => {
      socket.disconnect();
      resolve('timeout');
    }, 10_000);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.disconnect();
      resolve('connected');
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      socket.disconnect();
      resolve(String((err as Error & { data?: { code?: string } }).data?.code ?? err.message));
    });
  });
}

const portOf = (url: string) => Number(new URL(url).port);

beforeAll(async () => {
  if (missing.length > 0 || noNginx) return;
  stack = await startStack('proxy-limits', {
    worker: false,
    spareWebs: 2,
    realtimeEnv: { TRUSTED_PROXY_HOPS: '1' },
  });
  proxiedWeb = await stack.startWeb({
    TRUSTED_PROXY_HOPS: '1',
    RATE_LIMIT_PREFIX: `proxied-${randomUUID().slice(0, 8)}`,
  });
  directWeb = await stack.startWeb({ RATE_LIMIT_PREFIX: `direct-${randomUUID().slice(0, 8)}` });
  proxy = await startNginx({ webPort: portOf(proxiedWeb), realtimePort: portOf(stack.realtimeUrl) });
});
afterAll(async () => {
  await proxy?.stop();
  await stack?.stop();
});

describe.skipIf(missing.length > 0 || noNginx)('rate limits through a real nginx hop', () => {
  it('two users behind the one proxy address keep separate upload-request limits', async () => {
    const [alice, bob] = [await member('Proxy Alice'), await member('Proxy Bob')];
    const burst = RateRules.uploadRequestsPerUser.windows[1]!.limit;
    const statuses: number[] = [];
    for (let i = 0; i <= burst; i++) statuses.push((await upload(alice.token)).status);
    expect(statuses, stack.logs().slice(-2000)).toEqual([...Array<number>(burst).fill(415), 429]);
    // Bob arrives from the same proxy address: his own budget is untouched.
    expect((await upload(bob.token)).status).toBe(415);
  });

  it('two users behind the one proxy address keep separate socket connect limits', async () => {
    const [carol, dave] = [await member('Proxy Carol'), await member('Proxy Dave')];
    const budget = RateRules.socketConnectsPerUser.windows[0]!.limit;
    const outcomes: string[] = [];
    for (let i = 0; i <= budget; i++) outcomes.push(await connectOnce(carol.token));
    expect(
      outcomes.slice(0, budget).every((o) => o === 'connected'),
      outcomes.join(','),
    ).toBe(true);
    expect(outcomes[budget]).toBe('RATE_LIMITED');
    expect(await connectOnce(dave.token)).toBe('connected');
  });

  it('two client addresses through nginx get separate sign-in limits, and a spoofed header is overwritten', async () => {
    const limit = RateRules.signInPerAddress.windows[1]!.limit;
    const first: number[] = [];
    // Each attempt claims another address; nginx replaces the claim with the real one.
    for (let i = 0; i < limit; i++)
      first.push((await signInAttempt(proxy.url, '127.0.0.2', `198.51.100.${i + 1}`)).status);
    expect(
      first.filter((s) => s === 429),
      proxy.url,
    ).toEqual([]);
    expect((await signInAttempt(proxy.url, '127.0.0.2')).status).toBe(429);
    expect((await signInAttempt(proxy.url, '127.0.0.2', '127.0.0.3')).status).toBe(429);
    // Another visitor behind the same proxy is not locked out.
    expect((await signInAttempt(proxy.url, '127.0.0.3')).status).not.toBe(429);
  });

  it('with TRUSTED_PROXY_HOPS=0 a direct client cannot pick its address with X-Forwarded-For', async () => {
    const limit = RateRules.signInPerAddress.windows[1]!.limit;
    const statuses: number[] = [];
    for (let i = 0; i <= limit; i++)
      statuses.push((await signInAttempt(directWeb, '127.0.0.4', `203.0.113.${i + 1}`)).status);
    expect(statuses.slice(0, limit).filter((s) => s === 429)).toEqual([]);
    expect(statuses[limit]).toBe(429);
    expect((await signInAttempt(directWeb, '127.0.0.5')).status).not.toBe(429);
  });
});

describe('the shipped nginx config', () => {
  it('sets the forwarded client address only through client-address.conf, in every proxied location', async () => {
    const conf = await readFile(`${REPO_ROOT}/nginx/rlcoach.conf`, 'utf8');
    const snippet = await readFile(CLIENT_ADDRESS_SNIPPET, 'utf8');
    expect(snippet).toMatch(/^proxy_set_header X-Forwarded-For \$remote_addr;$/m);
    expect(snippet).toMatch(/^proxy_set_header X-Real-IP \$remote_addr;$/m);
    // Nowhere else: an appending $proxy_add_x_forwarded_for would let a client write the entry we trust.
    expect(conf).not.toMatch(/x-forwarded-for|x-real-ip|proxy_add_x_forwarded_for/i);
    const locations = conf.split(/\n\s*location\s/).slice(1);
    expect(locations.length).toBeGreaterThan(0);
    for (const block of locations) {
      const body = block.slice(0, block.indexOf('}'));
      if (!body.includes('proxy_pass')) continue;
      expect(body, `location ${block.split('{')[0]}`).toContain(
        'include /etc/nginx/snippets/rlcoach-client-address.conf;',
      );
    }
    const compose = await readFile(`${REPO_ROOT}/docker-compose.prod.yml`, 'utf8');
    expect(compose).toContain(
      './nginx/client-address.conf:/etc/nginx/snippets/rlcoach-client-address.conf:ro',
    );
    expect(compose).toMatch(/TRUSTED_PROXY_HOPS: '1'/);
  });
});

/**
 * Issue #11 item 2 over real HTTP against the built web app: every way a "next"
 * target enters (GET /signin?callbackUrl=, GET /terms?next=, POST /terms, POST
 * /signin/dev) answers with a Location that stays on our origin, and a CR/LF in the
 * value is a redirect to `/`, not a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingBuilds, startStack, type Stack } from '../e2e/stack';

const COOKIE = 'authjs.session-token';
const HOSTILE = [
  '/\t/evil.example',
  '/\n/evil.example',
  '/\r\n/evil.example',
  '/replays\r\nSet-Cookie: pwned=1',
  '//evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  '/.//evil.example',
  'https://evil.example/',
  'HTTPS://EVIL.EXAMPLE',
  'http://127.0.0.1@evil.example/',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
];

/** POST /signin/dev is a sign-in attempt (10 per minute per address): the most telling values only. */
const HOSTILE_FOR_DEV_SIGN_IN = [
  '/\t/evil.example',
  '/replays\r\nSet-Cookie: pwned=1',
  '//evil.example',
  '/\\evil.example',
  '/.//evil.example',
  'https://evil.example/',
  'javascript:alert(1)',
];

const missing = missingBuilds();
let stack: Stack;
/** One member for every signed-in probe (sign-ins are rate limited per address: 30 per 15 minutes). */
let cookie: string;

beforeAll(async () => {
  if (missing.length > 0) return;
  stack = await startStack('open-redirect', { worker: false });
  cookie = await member('Redirect Member');
});
afterAll(async () => stack?.stop());

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  // A browser's form post (a bare fetch would get SvelteKit's JSON answer to an action).
  headers: {
    origin: stack.webUrl,
    accept: 'text/html',
    'content-type': 'application/x-www-form-urlencoded',
  },
  body: new URLSearchParams(fields),
  redirect: 'manual' as const,
});

/** A fresh member (terms not yet accepted: /terms answers them) and their session cookie. */
async function member(name: string): Promise<string> {
  const res = await fetch(`${stack.webUrl}/signin/dev`, form({ name, next: '/' }));
  return res.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${COOKIE}=`))!
    .split(';')[0]!;
}

async function expectSameOriginRedirect(res: Response, what: string): Promise<void> {
  const body = res.status === 303 ? '' : (await res.text()).slice(0, 400);
  expect(res.status, `${what}: status ${body}`).toBe(303);
  const location = res.headers.get('location') ?? '';
  expect(new URL(location, stack.webUrl).origin, `${what}: ${JSON.stringify(location)}`).toBe(stack.webUrl);
  // Foreign targets land on the home page; what stays is a plain path of ours (CR/LF gone).
  expect(location === '/' || /^\/replaysSet-Cookie:%20pwned=1$/.test(location), `${what}: ${location}`).toBe(
    true,
  );
}

describe.skipIf(missing.length > 0)('post-sign-in redirects stay on the site', () => {
  it.each(HOSTILE)('GET /signin?callbackUrl=%j (signed in)', async (value) => {
    const res = await fetch(`${stack.webUrl}/signin?callbackUrl=${encodeURIComponent(value)}`, {
      headers: { cookie },
      redirect: 'manual',
    });
    await expectSameOriginRedirect(res, 'signin');
  });

  it.each(HOSTILE_FOR_DEV_SIGN_IN)('POST /signin/dev next=%j', async (value) => {
    const res = await fetch(`${stack.webUrl}/signin/dev`, form({ name: 'Redirect B', next: value }));
    await expectSameOriginRedirect(res, 'signin/dev');
  });

  it.each(HOSTILE)('POST /terms next=%j', async (value) => {
    const res = await fetch(`${stack.webUrl}/terms`, {
      ...form({ accept: 'yes', next: value }),
      headers: { ...form({}).headers, cookie },
    });
    await expectSameOriginRedirect(res, 'terms');
  });

  it.each(HOSTILE)('GET /terms?next=%j renders only a same-site target', async (value) => {
    const res = await fetch(`${stack.webUrl}/terms?next=${encodeURIComponent(value)}`, {
      headers: { cookie },
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    const next = /name="next" value="([^"]*)"/.exec(html)?.[1] ?? '';
    expect(new URL(next, stack.webUrl).origin).toBe(stack.webUrl);
    expect(next === '/' || next === '/replaysSet-Cookie:%20pwned=1', next).toBe(true);
  });

  it('ordinary same-site targets still work', async () => {
    const res = await fetch(`${stack.webUrl}/signin/dev`, form({ name: 'Redirect E', next: '/trends?x=1' }));
    expect([res.status, res.headers.get('location')]).toEqual([303, '/trends?x=1']);
  });
});

/**
 * Identity against the real built web server: protected by default (signed out →
 * sign-in page or 401), the development sign-in opening a real database session
 * (httpOnly SameSite=Lax Auth.js cookie), the short-lived realtime token naming that
 * session, forged cookies treated as signed out, sign-out deleting the session,
 * snapshots limited to the owner, the dev sign-in impossible in production, the
 * seeded demo account, and realtime-token renewal for uploads and sockets.
 */
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session, User } from '@rlcoach/db';
import { verifySessionToken } from '@rlcoach/db/contracts/session-token';
import { dropFiles, launchBrowser, recordRowStatuses, rowStatuses, signInDev } from './browser';
import { demoReplays, withNewMatchGuid } from './fixtures';
import { missingBuilds, startStack, type Stack } from './stack';

const COOKIE = 'authjs.session-token';
let stack: Stack;
let browser: Browser;
const missing = missingBuilds();

beforeAll(async () => {
  if (missing.length > 0) return;
  stack = await startStack('web-session', { spareWebs: 4 }); // one per startWeb below: realtime's CORS allows only reserved ports;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const em = () => stack.db.orm.em.fork();

async function devSignIn(
  base: string,
  name: string,
): Promise<{ status: number; cookie: string | null; setCookie: string | null }> {
  const res = await fetch(`${base}/signin/dev`, {
    method: 'POST',
    headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ name, next: '/' }),
    redirect: 'manual',
  });
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith(`${COOKIE}=`)) ?? null;
  return { status: res.status, setCookie, cookie: setCookie ? setCookie.split(';')[0]! : null };
}

async function get(path: string, cookie?: string) {
  const res = await fetch(`${stack.webUrl}${path}`, {
    headers: cookie ? { cookie } : {},
    redirect: 'manual',
  });
  return { status: res.status, location: res.headers.get('location'), body: await res.text() };
}

describe.skipIf(missing.length > 0)('identity (real web server)', () => {
  it('is protected by default: signed out, pages redirect to sign-in and APIs answer 401', async () => {
    const home = await get('/replays');
    expect(home.status).toBe(303);
    expect(home.location).toBe('/signin?callbackUrl=%2Freplays');
    const api = await get(`/api/replays/${randomUUID()}`);
    expect(api.status).toBe(401);
    expect(JSON.parse(api.body)).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    expect((await get('/signin')).status).toBe(200);
    const health = await fetch(`${stack.webUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(health.headers.getSetCookie()).toEqual([]);
  });

  it('signs in with a real database session; the page’s realtime token names that session', async () => {
    const { status, setCookie, cookie } = await devSignIn(stack.webUrl, 'Session Tester');
    expect(status).toBe(303);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const user = await em().findOneOrFail(User, { displayName: 'Session Tester' });
    const sessions = await em().find(Session, { user: user.id });
    expect(sessions).toHaveLength(1);
    expect(cookie).toBe(`${COOKIE}=${sessions[0]!.sessionToken}`);

    const page = await get('/', cookie!);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Session Tester');
    const tokens = [...page.body.matchAll(/token:"([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)"/g)].map((m) => m[1]!);
    expect(tokens.length).toBeGreaterThan(0);
    const v = verifySessionToken(stack.sessionSecret, tokens[0]);
    expect(v.ok && v.claims).toMatchObject({ sub: user.id, sid: sessions[0]!.id });
    expect(v.ok && v.claims.exp - v.claims.iat).toBe(15 * 60);

    // Snapshots of replays the user does not own: 404, whatever the id.
    for (const id of [randomUUID(), 'not-a-uuid'])
      expect((await get(`/api/replays/${id}`, cookie!)).status).toBe(404);

    // Sign-out deletes the session; the cookie no longer signs anyone in.
    const out = await fetch(`${stack.webUrl}/signout`, {
      method: 'POST',
      headers: { cookie: cookie!, origin: stack.webUrl },
      redirect: 'manual',
    });
    expect(out.status).toBe(303);
    expect(await em().count(Session, { user: user.id })).toBe(0);
    expect((await get('/', cookie!)).status).toBe(303);
  });

  it('treats forged, unknown or garbage session cookies as signed out', async () => {
    for (const value of ['0'.repeat(64), 'garbage', randomUUID()]) {
      const res = await get('/', `${COOKIE}=${value}`);
      expect(res.status, value).toBe(303);
      expect(res.location).toMatch(/^\/signin/);
    }
  });

  it('makes the development sign-in impossible in production', async () => {
    const prodUrl = await stack.startWeb({
      NODE_ENV: 'production',
      RLCOACH_DEV: '', // production refuses to start with it
      AUTH_SECRET: 'prod-like-auth-secret-0123456789abcdef0123',
    });
    const before = await em().count(Session, {});
    const res = await devSignIn(prodUrl, 'Intruder');
    expect(res.status).toBe(404);
    expect(res.setCookie).toBeNull();
    expect(await em().count(Session, {})).toBe(before);
    expect(await em().count(User, { displayName: 'Intruder' })).toBe(0);
    const signin = await (await fetch(`${prodUrl}/signin`)).text();
    expect(signin).not.toContain('Sign in as test user');
    expect(signin).not.toContain('Open the demo account');
  });

  it('rate-limits sign-in attempts per IP (429 + Retry-After) and fails closed without Redis', async () => {
    const limited = await stack.startWeb({ RATE_LIMIT_PREFIX: `signin-${randomUUID().slice(0, 8)}` });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await devSignIn(limited, `Burst ${i}`)).status);
    // 10 per minute per client address (RateRules.signInPerAddress), then refused without creating anything.
    expect(statuses).toEqual([...Array(10).fill(303), 429]);
    expect(await em().count(User, { displayName: 'Burst 10' })).toBe(0);

    const blind = await stack.startWeb({ REDIS_URL: 'redis://127.0.0.1:1' });
    const res = await fetch(`${blind}/signin/dev`, {
      method: 'POST',
      headers: { origin: blind, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: 'Blind', next: '/' }),
      redirect: 'manual',
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('30');
    expect(await em().count(User, { displayName: 'Blind' })).toBe(0);
  });

  it('opens the seeded demo account, whose replays the worker turned into real results', async () => {
    const page = await browser.newPage();
    await page.goto(`${stack.webUrl}/signin`);
    // Before the seed: a clear message, nobody signed in.
    await page.getByRole('button', { name: 'Open the demo account' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/not seeded/);

    await stack.seedDemo();
    await page.getByRole('button', { name: 'Open the demo account' }).click();
    await page.waitForURL(`${stack.webUrl}/`);
    await page.goto(`${stack.webUrl}/replays`);
    await expect(page.getByTestId('user-name').textContent()).resolves.toBe('Demo player');

    const fixtures = demoReplays();
    const deadline = Date.now() + 60_000;
    let statuses: string[] = [];
    while (Date.now() < deadline) {
      statuses = await page
        .locator('[data-testid="replay-row"]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status') ?? ''));
      if (statuses.length === fixtures.length && statuses.every((s) => s === 'analysed' || s === 'partial'))
        break;
      await new Promise((r) => setTimeout(r, 500));
      await page.reload();
    }
    expect(statuses, stack.logs().slice(-4000)).toEqual(fixtures.map(() => 'analysed'));
    await page.close();
  }, 120_000);

  it('renews a lapsed realtime token for both the upload and the socket, without losing the file', async () => {
    const url = await stack.startWeb({ CLIENT_TOKEN_TTL_SECONDS: '2' });
    const context = await browser.newContext();
    const page = await context.newPage();
    await recordRowStatuses(page);
    const consoleLines: string[] = [];
    page.on('console', (m) => consoleLines.push(m.text()));
    await signInDev(page, url, 'Late Uploader');
    await page
      .locator('[data-testid="live-status"][data-state="online"]')
      .waitFor({ timeout: 30_000 })
      .catch((e: unknown) => {
        throw new Error(
          `never online; console:\n${consoleLines.join('\n')}\nlogs:\n${stack.logs().slice(-3000)}`,
          { cause: e },
        );
      });
    await new Promise((r) => setTimeout(r, 3_000)); // the page's token has now expired

    const replay = withNewMatchGuid(demoReplays()[2]!, 'late.replay', 'D');
    await dropFiles(page, '[data-testid="drop-zone"]', [{ name: replay.fileName, bytes: replay.bytes }]);
    await page.waitForFunction(
      () =>
        ['done', 'partial', 'failed', 'refused'].includes(
          document.querySelector<HTMLElement>('[data-file="late.replay"]')?.dataset.status ?? '',
        ),
      null,
      { timeout: 60_000 },
    );
    const row = page.locator('[data-file="late.replay"]');
    expect(await row.getAttribute('data-status'), `row: ${await row.innerText()}`).toBe('done');
    expect((await rowStatuses(page))['late.replay']).not.toContain('refused');

    await context.setOffline(true);
    await page.locator('[data-testid="live-status"][data-state="offline"]').waitFor({ timeout: 15_000 });
    await new Promise((r) => setTimeout(r, 3_000));
    await context.setOffline(false);
    await page
      .locator('[data-testid="live-status"][data-state="online"]')
      .waitFor({ timeout: 30_000 })
      .catch((e: unknown) => {
        throw new Error(
          `never back online; console:\n${consoleLines.join('\n')}\nlogs:\n${stack.logs().slice(-3000)}`,
          {
            cause: e,
          },
        );
      });
    await context.close();
  }, 120_000);
});

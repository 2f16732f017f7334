/**
 * Identity against the real built web server: the guest cookie (httpOnly,
 * SameSite=Lax, signed), invalid or expired cookies treated as absent, the
 * short-lived realtime token handed to the page, snapshot access limited to the
 * owner, and the development "Open the demo account" action with the real seed.
 */
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User } from '@rlcoach/db';
import { signSessionToken, verifySessionToken } from '@rlcoach/realtime/auth/token';
import { dropFiles, launchBrowser, recordRowStatuses, rowStatuses } from './browser';
import { demoReplays, withNewMatchGuid } from './fixtures';
import { startStack, type Stack } from './stack';

const COOKIE = 'rlcoach_session';
let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack('web-session', { spareWebs: 2 });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const countUsers = () => stack.db.orm.em.fork().count(User, {});

async function visit(cookie?: string): Promise<{ status: number; setCookie: string | null; html: string }> {
  const res = await fetch(`${stack.webUrl}/`, {
    headers: cookie ? { cookie: `${COOKIE}=${cookie}` } : {},
    redirect: 'manual',
  });
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith(`${COOKIE}=`)) ?? null;
  return { status: res.status, setCookie, html: await res.text() };
}

const cookieValue = (setCookie: string) => setCookie.slice(COOKIE.length + 1).split(';')[0]!;

function subOf(token: string): string {
  const v = verifySessionToken(stack.sessionSecret, token);
  if (!v.ok) throw new Error(`token does not verify: ${v.reason}`);
  return v.claims.sub;
}

describe('guest identity (real web server)', () => {
  it('creates a guest on the first visit and sets a signed httpOnly SameSite=Lax cookie', async () => {
    const before = await countUsers();
    const first = await visit();
    expect(first.status).toBe(200);
    expect(first.setCookie).toMatch(/HttpOnly/i);
    expect(first.setCookie).toMatch(/SameSite=Lax/i);
    expect(first.setCookie).toMatch(/Path=\//);
    const token = cookieValue(first.setCookie!);
    const userId = subOf(token);
    expect(await countUsers()).toBe(before + 1);
    const user = await stack.db.orm.em.fork().findOneOrFail(User, { id: userId });
    expect(user.kind).toBe('guest');
    expect(first.html).toContain(user.displayName);

    // The page carries a short-lived realtime token for the same user (minted server-side).
    const realtimeTokens = [...first.html.matchAll(/token:"([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)"/g)].map(
      (m) => m[1]!,
    );
    expect(realtimeTokens.length).toBeGreaterThan(0);
    const claims = verifySessionToken(stack.sessionSecret, realtimeTokens[0]);
    expect(claims.ok && claims.claims.sub).toBe(userId);
    expect(claims.ok && claims.claims.exp - claims.claims.iat).toBe(15 * 60);

    // Coming back with the cookie: same user, no new row, no new cookie.
    const again = await visit(token);
    expect(again.setCookie).toBeNull();
    expect(again.html).toContain(user.displayName);
    expect(await countUsers()).toBe(before + 1);
  });

  it('treats a tampered, expired or unknown-user cookie as absent', async () => {
    const first = await visit();
    const token = cookieValue(first.setCookie!);
    const userId = subOf(token);
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    const expired = signSessionToken(stack.sessionSecret, userId, {
      kind: 'guest',
      ttlSeconds: 60,
      now: Math.floor(Date.now() / 1000) - 3600,
    });
    const unknown = signSessionToken(stack.sessionSecret, randomUUID(), { kind: 'guest' });
    const foreign = signSessionToken('another-secret-that-is-at-least-32-chars!', userId, { kind: 'guest' });
    for (const bad of [tampered, expired, unknown, foreign, 'garbage']) {
      const before = await countUsers();
      const res = await visit(bad);
      expect(res.status).toBe(200);
      expect(res.setCookie, `cookie ${bad.slice(0, 12)}…`).not.toBeNull();
      expect(subOf(cookieValue(res.setCookie!))).not.toBe(userId);
      expect(await countUsers()).toBe(before + 1);
    }
  });

  it('serves replay snapshots only to owners, and health without creating guests', async () => {
    const { setCookie } = await visit();
    const cookie = `${COOKIE}=${cookieValue(setCookie!)}`;
    for (const id of [randomUUID(), 'not-a-uuid']) {
      const res = await fetch(`${stack.webUrl}/api/replays/${id}`, { headers: { cookie } });
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ message: 'No such replay in your account.' });
    }
    const before = await countUsers();
    const health = await fetch(`${stack.webUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(health.headers.getSetCookie()).toEqual([]);
    expect(await countUsers()).toBe(before);
  });

  it('opens the seeded demo account, whose replays the worker turned into real results', async () => {
    const page = await browser.newPage();
    await page.goto(stack.webUrl);
    // Before the seed: a clear message, nothing switched.
    await page.getByRole('button', { name: 'Open the demo account' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/not seeded/);

    await stack.seedDemo();
    await page.getByRole('button', { name: 'Open the demo account' }).click();
    await page.waitForURL(`${stack.webUrl}/replays`);
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
    const scores = (await page.locator('[data-testid="replay-row"] .score').allTextContents()).map((s) =>
      s.replace(/\s+/g, ''),
    );
    expect(scores.sort()).toEqual(fixtures.map((f) => `${f.info.blueGoals}–${f.info.orangeGoals}`).sort());
    await page.close();
  }, 120_000);

  it('refuses the demo switch with 404 in production', async () => {
    await stack.seedDemo();
    const prodUrl = await stack.startWeb({ NODE_ENV: 'production' });
    const postDemo = async (base: string) => {
      const first = await fetch(`${base}/`);
      const cookie = first.headers
        .getSetCookie()
        .find((c) => c.startsWith(`${COOKIE}=`))!
        .split(';')[0]!;
      const res = await fetch(`${base}/?/demo`, {
        method: 'POST',
        headers: {
          cookie,
          origin: base,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'text/html',
        },
        body: '',
        redirect: 'manual',
      });
      return { cookie, res };
    };
    // The same request works outside production (the seeded account exists)...
    const dev = await postDemo(stack.webUrl);
    expect(dev.res.status).toBe(303);
    expect(dev.res.headers.get('location')).toBe('/replays');
    // ...and is refused in production, without switching anything.
    const { cookie, res } = await postDemo(prodUrl);
    expect(res.status).toBe(404);
    expect(res.headers.getSetCookie().filter((c) => c.startsWith(`${COOKIE}=`))).toEqual([]);
    // The page does not even offer it.
    expect(await (await fetch(`${prodUrl}/`, { headers: { cookie } })).text()).not.toContain(
      'Open the demo account',
    );
  });

  it('renews a lapsed realtime token for both the upload and the socket, without losing the file', async () => {
    const url = await stack.startWeb({ CLIENT_TOKEN_TTL_SECONDS: '2' });
    const context = await browser.newContext();
    const page = await context.newPage();
    await recordRowStatuses(page);
    await page.goto(url);
    await page.locator('[data-testid="live-status"][data-state="online"]').waitFor({ timeout: 30_000 });
    await new Promise((r) => setTimeout(r, 3_000)); // the page's token has now expired

    // Upload with the expired token: refused with 401, renewed, sent again, processed.
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
    expect(await page.locator('[data-file="late.replay"]').getAttribute('data-status')).toBe('done');
    expect((await rowStatuses(page))['late.replay']).not.toContain('refused');

    // Socket drops, token lapses meanwhile: the refused handshake gets a fresh token and reconnects.
    await context.setOffline(true);
    await page.locator('[data-testid="live-status"][data-state="offline"]').waitFor({ timeout: 15_000 });
    await new Promise((r) => setTimeout(r, 3_000));
    await context.setOffline(false);
    await page.locator('[data-testid="live-status"][data-state="online"]').waitFor({ timeout: 30_000 });
    await context.close();
  }, 120_000);
});

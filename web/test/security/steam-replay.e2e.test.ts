/**
 * Issue #11 item 1, driven end to end: the built web app, a local OpenID 2.0 stand-in
 * for Steam (real signatures, real check_authentication, nonces accepted once), and
 * the victim in real Chromium.
 *
 * The attack: the attacker starts a Steam sign-in with their own Steam account, does
 * not follow the signed callback, and gets the victim's browser to open it. Before
 * the fix the victim's account gained the attacker's Steam id (or a signed-out
 * victim was signed into the attacker's account). Now the callback belongs only to
 * the browser that started it, and a new link needs the user's explicit POST.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Account, Session, User } from '@rlcoach/db';
import { launchBrowser } from '../e2e/browser';
import { missingBuilds, startStack, type Stack } from '../e2e/stack';
import { startFakeSteam, type FakeSteam } from '../auth/fake-steam';

const ATTACKER_STEAM = '76561198000000666';
const VICTIM_STEAM = '76561198000000777';
const missing = missingBuilds();
let stack: Stack;
let steam: FakeSteam;
let browser: Browser;
let webUrl: string;

beforeAll(async () => {
  if (missing.length > 0) return;
  steam = await startFakeSteam(ATTACKER_STEAM);
  stack = await startStack('steam-replay', { worker: false });
  browser = await launchBrowser();
});
// Each test gets its own web process and sign-in budget (sign-ins are limited to 10 a minute per
// address, and every request here comes from 127.0.0.1).
beforeEach(async () => {
  if (missing.length > 0) return;
  webUrl = await stack.startWeb({
    AUTH_STEAM: '1',
    AUTH_STEAM_ENDPOINT: steam.endpoint,
    AUTH_SECRET: 'test-auth-secret-0123456789abcdef0123456789',
    RATE_LIMIT_PREFIX: `rlcoach-test-steam-replay-rl-${randomBytes(4).toString('hex')}`,
  });
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await steam?.close();
});

const em = () => stack.db.orm.em.fork();

/** The attacker, over plain HTTP: start a Steam sign-in, follow it to Steam, keep the signed callback URL. */
async function attackerCallbackUrl(): Promise<string> {
  steam.steamId = ATTACKER_STEAM;
  const start = await fetch(`${webUrl}/signin/steam`, { redirect: 'manual' });
  expect(start.status).toBe(303);
  const atSteam = await fetch(start.headers.get('location')!, { redirect: 'manual' });
  expect(atSteam.status).toBe(302);
  const callback = atSteam.headers.get('location')!;
  expect(callback.startsWith(`${webUrl}/signin/steam/callback?`)).toBe(true);
  return callback;
}

async function devSignIn(context: BrowserContext, name: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${webUrl}/signin`);
  await page.fill('input[name="name"]', name);
  await page.getByRole('button', { name: 'Sign in as test user' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
  if (new URL(page.url()).pathname === '/terms') {
    await page.check('input[name="accept"]');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((u) => u.pathname !== '/terms');
  }
  return page;
}

const steamAccounts = (steamId: string) =>
  em().count(Account, { provider: 'steam', providerAccountId: steamId });

describe.skipIf(missing.length > 0)('Steam callback replay (Chromium, local OpenID 2.0 provider)', () => {
  it('a signed-in victim opening the attacker’s callback links nothing and is told why', async () => {
    const context = await browser.newContext();
    const page = await devSignIn(context, 'Steam Victim');
    const victim = await em().findOneOrFail(User, { displayName: 'Steam Victim' });
    const callback = await attackerCallbackUrl();
    const checksBefore = steam.checks;

    await page.goto(callback);
    await page.waitForURL(/\/signin\?error=STEAM_STATE_MISMATCH/);
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/not started in this browser/);
    expect(await steamAccounts(ATTACKER_STEAM)).toBe(0);
    expect(await em().count(Account, { user: victim.id })).toBe(0);
    // Refused before Steam was asked: the attacker's assertion is not even spent.
    expect(steam.checks).toBe(checksBefore);
    // Still signed in as themselves.
    await page.goto(`${webUrl}/settings`);
    expect(new URL(page.url()).pathname).toBe('/settings');
    await context.close();
  });

  it('a signed-out victim opening it is not signed into anyone’s account', async () => {
    const usersBefore = await em().count(User, {});
    const sessionsBefore = await em().count(Session, {});
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(await attackerCallbackUrl());
    await page.waitForURL(/\/signin\?error=STEAM_STATE_MISMATCH/);
    expect(await em().count(User, {})).toBe(usersBefore);
    expect(await em().count(Session, {})).toBe(sessionsBefore);
    expect((await context.cookies()).map((c) => c.name)).not.toContain('authjs.session-token');
    await context.close();
  });

  it('the owner’s own sign-in links only after the explicit confirmation, and its state works once', async () => {
    const context = await browser.newContext();
    const page = await devSignIn(context, 'Steam Owner');
    const owner = await em().findOneOrFail(User, { displayName: 'Steam Owner' });
    steam.steamId = VICTIM_STEAM;
    // Remember the callback this browser is sent to, to replay it afterwards.
    let ownCallback = '';
    page.on('request', (r) => {
      if (r.url().startsWith(`${webUrl}/signin/steam/callback?`)) ownCallback = r.url();
    });
    await page.goto(`${webUrl}/signin/steam`);
    await page.waitForURL(`${webUrl}/signin/link`);
    await expect(page.getByTestId('pending-account-id').textContent()).resolves.toBe(VICTIM_STEAM);
    // The callback alone linked nothing.
    expect(await steamAccounts(VICTIM_STEAM)).toBe(0);

    // A cross-site POST cannot confirm it (SvelteKit's origin check), even with the user's cookies.
    const cookieHeader = (await context.cookies(webUrl)).map((c) => `${c.name}=${c.value}`).join('; ');
    const forged = await fetch(`${webUrl}/signin/link?/link`, {
      method: 'POST',
      headers: {
        cookie: cookieHeader,
        origin: 'http://evil.example',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: '',
      redirect: 'manual',
    });
    expect(forged.status).toBe(403);
    expect(await steamAccounts(VICTIM_STEAM)).toBe(0);

    await page.getByRole('button', { name: 'Link Steam account' }).click();
    await page.waitForURL(`${webUrl}/settings`);
    const linked = await em().findOneOrFail(Account, { provider: 'steam', providerAccountId: VICTIM_STEAM });
    expect(linked.user.id).toBe(owner.id);

    // The state cookie was used up: the same callback again is refused.
    expect(ownCallback).not.toBe('');
    await page.goto(ownCallback);
    await page.waitForURL(/\/signin\?error=STEAM_STATE_MISMATCH/);
    await context.close();
  });

  it('a signed-out browser that starts its own Steam sign-in is signed in (new account)', async () => {
    steam.steamId = '76561198000000888';
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${webUrl}/signin/steam`);
    // A new account: the terms come first.
    await page.waitForURL(/\/terms/);
    const account = await em().findOneOrFail(Account, {
      provider: 'steam',
      providerAccountId: '76561198000000888',
    });
    expect(await em().count(Session, { user: account.user.id })).toBe(1);
    await context.close();
  });

  it('"Do not link" discards the pending link', async () => {
    const context = await browser.newContext();
    const page = await devSignIn(context, 'Steam Decliner');
    steam.steamId = '76561198000000999';
    await page.goto(`${webUrl}/signin/steam`);
    await page.waitForURL(`${webUrl}/signin/link`);
    await page.getByRole('button', { name: 'Do not link' }).click();
    await page.waitForURL(`${webUrl}/settings`);
    expect(await steamAccounts('76561198000000999')).toBe(0);
    await page.goto(`${webUrl}/signin/link`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Nothing to link');
    await context.close();
  });
});

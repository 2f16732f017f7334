/**
 * Issue #11 item 1 for the Auth.js providers (Discord, Google, Epic share one
 * machinery; Epic's OIDC configuration is driven here against a local OpenID Connect
 * provider): a callback URL the attacker obtained in their own browser and sends to
 * a victim fails Auth.js' state/PKCE/nonce checks in the victim's browser. Nothing is
 * linked to the victim, and a signed-out victim is not signed into anyone's account.
 */
import type { Browser } from 'playwright-core';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Account, Session, User, UserKind } from '@rlcoach/db';
import { launchBrowser } from '../e2e/browser';
import { missingBuilds, startStack, type Stack } from '../e2e/stack';
import { startOidcProvider, type OidcProvider } from '../auth/oidc-provider';

const HOLDER = {
  sub: 'holder-00000000000000000000000000',
  name: 'Holly',
  email: 'holly@example.com',
  email_verified: true,
};
const ATTACKER = {
  sub: 'attacker-0000000000000000000000',
  name: 'Mallory',
  email: 'mallory@example.com',
  email_verified: true,
};
const missing = missingBuilds();
let stack: Stack;
let oidc: OidcProvider;
let browser: Browser;
let webUrl: string;

beforeAll(async () => {
  if (missing.length > 0) return;
  oidc = await startOidcProvider([ATTACKER, HOLDER]);
  stack = await startStack('oidc-replay', { worker: false });
  browser = await launchBrowser();
});
// Each test gets its own web process and sign-in budget (sign-ins are limited to 10 a minute per
// address, and every request here comes from 127.0.0.1).
beforeEach(async () => {
  if (missing.length > 0) return;
  webUrl = await stack.startWeb({
    AUTH_EPIC_ID: oidc.clientId,
    AUTH_EPIC_SECRET: oidc.clientSecret,
    AUTH_EPIC_ISSUER: oidc.issuer,
    AUTH_SECRET: 'test-auth-secret-0123456789abcdef0123456789',
    RATE_LIMIT_PREFIX: `rlcoach-test-oidc-replay-rl-${randomBytes(4).toString('hex')}`,
  });
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await oidc?.close();
});

const em = () => stack.db.orm.em.fork();

/** The attacker signs in at the provider in their own browser and keeps the callback URL instead of following it. */
async function attackerCallbackUrl(): Promise<string> {
  const context = await browser.newContext();
  const page = await context.newPage();
  let callback = '';
  // The provider answers the login form with a redirect to our callback: read it, do not follow it.
  await page.route(
    (u) => u.href.startsWith(`${oidc.issuer}/authorize`),
    async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      const res = await route.fetch({ maxRedirects: 0 });
      callback = res.headers()['location'] ?? '';
      await route.abort();
    },
  );
  await page.goto(`${webUrl}/signin`);
  await page.getByRole('button', { name: 'Sign in with Epic Games' }).click();
  await page.waitForURL((u) => u.href.startsWith(oidc.issuer));
  await page.selectOption('select[name="sub"]', ATTACKER.sub);
  await page.getByRole('button', { name: 'Continue' }).click();
  for (let i = 0; i < 100 && !callback; i++) await page.waitForTimeout(100);
  await context.close();
  expect(callback).toMatch(/\/auth\/callback\/epic\?code=/);
  return callback;
}

describe.skipIf(missing.length > 0)('OAuth/OIDC callback replay (Chromium, real Auth.js)', () => {
  it('a signed-in victim opening the attacker’s callback gets nothing linked', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${webUrl}/signin`);
    await page.fill('input[name="name"]', 'OIDC Victim');
    await page.getByRole('button', { name: 'Sign in as test user' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
    const victim = await em().findOneOrFail(User, { displayName: 'OIDC Victim' });

    await page.goto(await attackerCallbackUrl());
    await page.waitForURL(/\/signin\?error=/);
    expect(await em().count(Account, { provider: 'epic' })).toBe(0);
    expect(await em().count(Account, { user: victim.id })).toBe(0);
    // The code was never redeemed at the provider: Auth.js refused before the token exchange.
    expect(oidc.stats.tokens).toBe(0);
    await context.close();
  });

  it('a signed-out victim opening it is not signed in', async () => {
    const users = await em().count(User, {});
    const sessions = await em().count(Session, {});
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(await attackerCallbackUrl());
    await page.waitForURL(/\/signin\?error=/);
    expect(await em().count(User, {})).toBe(users);
    expect(await em().count(Session, {})).toBe(sessions);
    expect((await context.cookies()).map((c) => c.name)).not.toContain('authjs.session-token');
    await context.close();
  });

  it('a verified e-mail matching an existing account links only after an explicit confirmation', async () => {
    // An existing rlcoach account with Holly's verified address (signed up another way).
    const emx = em();
    const existing = emx.create(User, {
      displayName: 'Holly (existing)',
      kind: UserKind.Member,
      email: HOLDER.email,
      emailVerified: new Date(),
      termsAcceptedAt: new Date(),
      createdAt: new Date(),
    });
    await emx.flush();
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${webUrl}/signin`);
    await page.getByRole('button', { name: 'Sign in with Epic Games' }).click();
    await page.waitForURL((u) => u.href.startsWith(oidc.issuer));
    await page.selectOption('select[name="sub"]', HOLDER.sub);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${webUrl}/signin/link`);
    await expect(page.getByTestId('pending-account-id').textContent()).resolves.toBe(HOLDER.sub);
    // Nothing linked, nobody signed in, yet.
    expect(await em().count(Account, { provider: 'epic', providerAccountId: HOLDER.sub })).toBe(0);
    expect(await em().count(Session, { user: existing.id })).toBe(0);
    await page.getByRole('button', { name: 'Link Epic Games account' }).click();
    await page.waitForURL(`${webUrl}/`);
    const account = await em().findOneOrFail(Account, { provider: 'epic', providerAccountId: HOLDER.sub });
    expect(account.user.id).toBe(existing.id);
    expect(await em().count(Session, { user: existing.id })).toBe(1);
    // From now on it is an ordinary sign-in: no confirmation again.
    const again = await browser.newContext();
    const p2 = await again.newPage();
    await p2.goto(`${webUrl}/signin`);
    await p2.getByRole('button', { name: 'Sign in with Epic Games' }).click();
    await p2.waitForURL((u) => u.href.startsWith(oidc.issuer));
    await p2.selectOption('select[name="sub"]', HOLDER.sub);
    await p2.getByRole('button', { name: 'Continue' }).click();
    await p2.waitForURL(`${webUrl}/`);
    expect(await em().count(Session, { user: existing.id })).toBe(2);
    await again.close();
    await context.close();
  });
});

/**
 * Billing end to end: the real web process with Stripe settings pointed at the local Stripe
 * stand-in (db/src/testing/fake-stripe.ts: the real SDK talks to it, its Checkout and Portal pages
 * are clicked in Chromium, its webhooks are signed with Stripe's scheme and POSTed to our
 * endpoint). A free player upgrades through Checkout, comes back as Pro, cancels in the portal,
 * keeps Pro until the period end, and is free after it. The stack's own web process has no Stripe
 * keys: its pages say billing is not configured. Screenshots at 390 and 1440 px, axe on each.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entitlementOf } from '@rlcoach/db/billing/entitlement';
import { FakeStripe } from '@rlcoach/db/testing/fake-stripe';
import { launchBrowser, signInDev } from './browser';
import { REPO_ROOT } from './fixtures';
import { startStack, type Stack } from './stack';

const RESULTS_DIR = path.join(REPO_ROOT, 'web/test-results/billing');
const WEBHOOK_SECRET = 'whsec_test_e2e_billing_0123456789abcdef';
const DAY = 24 * 3600;

let stack: Stack;
let fake: FakeStripe;
let billingWeb: string;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(RESULTS_DIR, { recursive: true });
  // The Checkout return and the webhooks race as they do with Stripe: the browser comes back first.
  fake = new FakeStripe({ webhookSecret: WEBHOOK_SECRET, delivery: 'after-redirect' });
  await fake.start();
  stack = await startStack('billing-e2e', { worker: false, spareWebs: 1 });
  billingWeb = await stack.startWeb({
    STRIPE_SECRET_KEY: 'sk_test_e2e_billing',
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_PRICE_PRO: 'price_test_pro_monthly',
    STRIPE_API_BASE: fake.url,
    // The coach page then shows what the plan unlocks (nothing here calls the Messages API).
    ANTHROPIC_API_KEY: 'sk-ant-e2e-billing-never-called',
  });
  fake.webhookUrl = `${billingWeb}/api/stripe/webhook`;
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  if (stack) writeFileSync(path.join(RESULTS_DIR, 'stack.log'), stack.logs());
  await browser?.close();
  await stack?.stop();
  await fake?.close();
});

/** Serious or critical axe findings on the page as it is now. */
async function axeProblems(page: Page, name: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  expect(result.passes.length, name).toBeGreaterThan(10);
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${name}: ${v.id} ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

/** Screenshots at both widths and the sideways-overflow check of the page at `url`. */
async function lookAt(page: Page, url: string, name: string, ready: string): Promise<string[]> {
  const problems: string[] = [];
  for (const width of [390, 1440]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.goto(url);
    await page.locator(ready).first().waitFor();
    const extra = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    if (extra > 0) problems.push(`${name} at ${width}px: ${extra}px too wide`);
    await page.screenshot({ path: path.join(RESULTS_DIR, `${name}-${width}.png`), fullPage: true });
  }
  return problems;
}

const text = (page: Page, testId: string) => page.locator(`[data-testid="${testId}"]`).innerText();

describe('billing (real web process, Chromium, local Stripe stand-in)', () => {
  it(
    'free → Upgrade → Checkout → back as Pro → cancel in the portal → Pro until period end → free',
    { timeout: 180_000 },
    async () => {
      const context = await browser.newContext({
        viewport: { width: 1440, height: 900 },
        reducedMotion: 'reduce',
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await signInDev(page, billingWeb, 'Paying Player', '/settings');

      // Free: Settings says so and offers the upgrade; the nav badge too.
      await expect(text(page, 'plan-name')).resolves.toBe('Free');
      await expect(text(page, 'plan-status')).resolves.toBe('No subscription');
      await expect(text(page, 'plan-badge')).resolves.toMatch(/upgrade/i);
      // The coach is locked for a free player: one preview offered, no daily coach.
      await page.goto(`${billingWeb}/coach`);
      await page.locator('[data-testid="coach-preview-offer"]').waitFor();
      await page.goto(`${billingWeb}/settings`);
      const problems = await lookAt(
        page,
        `${billingWeb}/upgrade`,
        'upgrade-free',
        '[data-testid="checkout"]',
      );
      const axe = await axeProblems(page, 'upgrade-free');

      // Upgrade → Stripe Checkout (the stand-in) → pay.
      await page.locator('[data-testid="checkout"]').click();
      await page.waitForURL((u) => u.href.startsWith(`${fake.url}/checkout/cs_test_`));
      await expect(page.locator('h1').innerText()).resolves.toBe('Checkout');
      await page.getByRole('button', { name: 'Pay $10.00' }).click();

      // Back on the site as Pro (the page confirms the session itself; the webhooks follow).
      await page.waitForURL((u) => u.pathname === '/upgrade' && u.searchParams.has('session_id'));
      await page.locator('[data-testid="checkout-confirmed"]').waitFor();
      await page.locator('[data-testid="plan-badge"]', { hasText: 'Pro' }).waitFor();
      await expect(text(page, 'plan-name')).resolves.toBe('Pro');
      await expect(text(page, 'plan-status')).resolves.toBe('Active');
      const [customer] = [...fake.customers.values()];
      const sub = fake.subscriptionOf(customer!.id as string)!;
      const periodEnd = new Date(
        (sub.items as { data: Array<{ current_period_end: number }> }).data[0]!.current_period_end * 1000,
      );
      const day = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(periodEnd);
      await expect(text(page, 'plan-renews')).resolves.toContain(day);
      // The coach's gate reads the same entitlement the page shows.
      const ownerId = (customer!.metadata as { userId: string }).userId;
      expect((await entitlementOf(stack.db.orm.em.fork(), ownerId)).plan).toBe('pro');
      // Coach unlocked: the ask box with no preview offer or upsell.
      await page.goto(`${billingWeb}/coach`);
      await page.locator('[data-testid="coach-ask-form"]').waitFor();
      expect(await page.locator('[data-testid="coach-preview-offer"]').count()).toBe(0);
      expect(await page.locator('[data-testid="coach-preview-used"]').count()).toBe(0);
      // The webhooks that followed the redirect were accepted and processed once each.
      await expect.poll(() => fake.events.length).toBeGreaterThanOrEqual(3);

      problems.push(
        ...(await lookAt(
          page,
          `${billingWeb}/settings#billing`,
          'settings-pro',
          '[data-testid="open-portal"]',
        )),
      );
      axe.push(...(await axeProblems(page, 'settings-pro')));

      // Manage billing → the portal stand-in → cancel → back to Settings: Pro until the period end.
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.locator('[data-testid="open-portal"]').click();
      await page.waitForURL((u) => u.href.startsWith(`${fake.url}/portal/bps_test_`));
      await page.getByRole('button', { name: 'Cancel plan' }).click();
      await page.waitForURL((u) => u.href.startsWith(`${billingWeb}/settings`));
      await expect(text(page, 'plan-name')).resolves.toBe('Pro');
      await expect(text(page, 'plan-until')).resolves.toContain(`${day} (cancelled; it will not renew)`);
      await expect(page.locator('[data-testid="plan-renews"]').count()).resolves.toBe(0);
      problems.push(
        ...(await lookAt(
          page,
          `${billingWeb}/settings#billing`,
          'settings-cancelling',
          '[data-testid="plan-until"]',
        )),
      );

      // A month later Stripe ends the subscription (its clock moved; the webhook arrives): free.
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.goto(`${billingWeb}/settings`);
      const ended = await fake.advance(30 * DAY + 60);
      expect(ended.map((e) => e.type)).toEqual(['customer.subscription.deleted']);
      // Every load reads the plan fresh (an open page also re-reads it every 45 s, not waited for here).
      await page.reload();
      await page.locator('[data-testid="plan-badge"]', { hasText: /upgrade/i }).waitFor();
      await expect(text(page, 'plan-name')).resolves.toBe('Free');
      await expect(text(page, 'plan-status')).resolves.toBe('Cancelled');
      expect((await entitlementOf(stack.db.orm.em.fork(), ownerId)).plan).toBe('free');
      // …and the coach is locked again (the unused preview is offered).
      await page.goto(`${billingWeb}/coach`);
      await page.locator('[data-testid="coach-preview-offer"]').waitFor();

      expect(problems).toEqual([]);
      expect(axe).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    },
  );

  it('refuses a forged webhook with 400 and changes nothing', async () => {
    const before = await stack.db.orm.em
      .getConnection()
      .execute('select count(*)::int as n from stripe_webhook_events');
    const event = fake.events[0]!;
    const forged = await fake.deliver(event, { secret: 'whsec_not_the_secret' });
    const stale = await fake.deliver(
      { ...event, id: 'evt_test_stale' },
      { timestamp: Math.floor(Date.now() / 1000) - 3600 },
    );
    expect([forged.status, stale.status]).toEqual([400, 400]);
    const after = await stack.db.orm.em
      .getConnection()
      .execute('select count(*)::int as n from stripe_webhook_events');
    expect(after).toEqual(before);
  });

  it('without Stripe keys the pages say billing is not configured, and the rest works', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await signInDev(page, stack.webUrl, 'Unbilled Player', '/upgrade');
    await expect(text(page, 'billing-not-configured')).resolves.toMatch(/billing is not configured/i);
    await expect(page.locator('[data-testid="checkout"]').count()).resolves.toBe(0);
    await page.goto(`${stack.webUrl}/settings`);
    await expect(text(page, 'billing-not-configured')).resolves.toMatch(/billing is not configured/i);
    await expect(text(page, 'plan-name')).resolves.toBe('Free');
    const hook = await fetch(`${stack.webUrl}/api/stripe/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(hook.status).toBe(404);
    await context.close();
  });
});

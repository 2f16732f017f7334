/**
 * Billing against a local Stripe stand-in (db/src/testing/fake-stripe.ts) with the real SDK pointed
 * at it, real Postgres, and webhooks signed with Stripe's scheme delivered over HTTP to an endpoint
 * that hands the raw body to `handleStripeWebhook`, as web's route does.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { User, UserKind, entitlementOf, setPlanGrant } from '../src/index.js';
import { policy } from '../src/auth/policy.js';
import { PAST_DUE_GRACE_MS } from '../src/billing/entitlement.js';
import { createStripeClient } from '../src/billing/stripe-client.js';
import { handleStripeWebhook, type WebhookOutcome } from '../src/billing/webhook.js';
import {
  BillingActionError,
  confirmCheckout,
  ensureCustomer,
  openPortal,
  startCheckout,
} from '../src/billing/checkout.js';
import { cancelSubscriptionsOf, BillingUnavailableError } from '../src/billing/account-cancel.js';
import { customerIdOf, invoicesOf, subscriptionsOf } from '../src/repositories/billing-repository.js';
import { FakeStripe, parseStripeForm } from '../src/testing/fake-stripe.js';
import { createTestDatabase, type TestDatabase } from '../src/testing.js';

const WEBHOOK_SECRET = 'whsec_test_billing_secret_0123456789';
const PRICE = 'price_test_pro_monthly';
const DAY = 24 * 3600;

let db: TestDatabase;
let fake: FakeStripe;
let stripe: Stripe;
let endpoint: Server;
/** What the endpoint answered, newest last. */
const outcomes: Array<WebhookOutcome | { refused: string }> = [];

/** The fake's clock as a Date: entitlements are judged at Stripe's "now". */
const now = () => new Date(fake.clock * 1000);

beforeAll(async () => {
  db = await createTestDatabase('billing');
  fake = new FakeStripe({ webhookSecret: WEBHOOK_SECRET });
  await fake.start();
  stripe = createStripeClient({ secretKey: 'sk_test_rlcoach', apiBase: fake.url });
  endpoint = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const sig = (req.headers['stripe-signature'] as string | undefined) ?? null;
      handleStripeWebhook(db.orm.em, stripe, WEBHOOK_SECRET, raw, sig, now()).then(
        (o) => {
          outcomes.push(o);
          res.writeHead(200).end(JSON.stringify(o));
        },
        (e: Error) => {
          outcomes.push({ refused: e.name });
          res.writeHead(e.name === 'WebhookSignatureError' ? 400 : 500).end(e.message);
        },
      );
    });
  });
  await new Promise<void>((r) => endpoint.listen(0, '127.0.0.1', r));
  fake.webhookUrl = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/webhook`;
});
afterAll(async () => {
  await fake?.close();
  await new Promise((r) => (endpoint ? endpoint.close(r) : r(undefined)));
  await db?.drop();
});
beforeEach(() => {
  fake.delivery = 'before-redirect';
});

async function newUser(name: string) {
  const em = db.orm.em.fork();
  const u = em.create(User, {
    displayName: name,
    kind: UserKind.Member,
    email: `${name}@example.com`,
  } as User);
  await em.flush();
  return { id: u.id, displayName: name, email: `${name}@example.com` };
}

const URLS = { successUrl: 'http://app.test/upgrade?checkout=success', cancelUrl: 'http://app.test/upgrade' };

/** Start Checkout and "pay" on the stand-in page, as the browser would; returns the redirect target. */
async function checkoutAndPay(user: { id: string; displayName: string; email: string }): Promise<string> {
  const url = await startCheckout(db.orm.em.fork(), stripe, PRICE, user, URLS, now());
  const res = await fetch(`${url}/pay`, { method: 'POST', redirect: 'manual' });
  expect(res.status).toBe(303);
  return res.headers.get('location')!;
}

const sessionIdOf = (location: string) => new URL(location).searchParams.get('session_id')!;
const plan = async (userId: string) => entitlementOf(db.orm.em.fork(), userId, now());

async function subscriptionIdOf(userId: string): Promise<string> {
  const [s] = await subscriptionsOf(db.orm.em.fork(), userId);
  return s!.stripeSubscriptionId;
}

describe('the fake speaks Stripe form encoding', () => {
  it('parses bracketed keys into nested objects and arrays', () => {
    expect(
      parseStripeForm('line_items[0][price]=p&line_items[0][quantity]=1&metadata[userId]=u&mode=x'),
    ).toEqual({
      line_items: [{ price: 'p', quantity: '1' }],
      metadata: { userId: 'u' },
      mode: 'x',
    });
  });
});

describe('billing with Stripe', () => {
  it('upgrade: Checkout → webhooks → Pro; one customer per user under an idempotency key', async () => {
    const user = await newUser('upgrader');
    expect((await plan(user.id)).plan).toBe('free');
    const back = await checkoutAndPay(user);
    expect(back).toMatch(/^http:\/\/app\.test\/upgrade\?checkout=success&session_id=cs_test_/);
    const e = await plan(user.id);
    expect(e).toMatchObject({
      plan: 'pro',
      source: 'subscription',
      status: 'active',
      cancelAtPeriodEnd: false,
    });
    expect(e.renewsAt!.getTime()).toBe((fake.clock + 30 * DAY) * 1000);
    expect(policy.canUseCoach({ userId: user.id, kind: 'member' }, e)).toEqual({ allowed: true });
    // Stripe's customer create carried the per-user key; asking again reuses the stored customer.
    const creates = fake.requests.filter((r) => r.path === '/v1/customers' && r.params.metadata);
    const mine = creates.filter((r) => (r.params.metadata as { userId: string }).userId === user.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.idempotencyKey).toBe(`rlcoach-customer-${user.id}`);
    expect(await ensureCustomer(db.orm.em.fork(), stripe, user)).toBe(
      await customerIdOf(db.orm.em.fork(), user.id),
    );
    // Already Pro: a second Checkout is refused (the portal manages it).
    await expect(startCheckout(db.orm.em.fork(), stripe, PRICE, user, URLS, now())).rejects.toMatchObject({
      code: 'ALREADY_PRO',
    });
    const invoices = await invoicesOf(db.orm.em.fork(), user.id);
    expect(invoices).toMatchObject([{ status: 'paid', amountPaid: 1000, currency: 'usd' }]);
  });

  it('two concurrent first customer creations store one customer', async () => {
    const user = await newUser('twotabs');
    const [a, b] = await Promise.all([
      ensureCustomer(db.orm.em.fork(), stripe, user),
      ensureCustomer(db.orm.em.fork(), stripe, user),
    ]);
    expect(a).toBe(b);
    expect(fake.customers.has(a)).toBe(true);
  });

  it('the checkout redirect can come back before any webhook: confirming the session grants Pro', async () => {
    const user = await newUser('early');
    fake.delivery = 'hold';
    const back = await checkoutAndPay(user);
    expect((await plan(user.id)).plan).toBe('free'); // nothing delivered yet
    const e = await confirmCheckout(db.orm.em.fork(), stripe, user.id, sessionIdOf(back), now());
    expect(e).toMatchObject({ plan: 'pro', status: 'active' });
    // The late webhooks change nothing but are recorded; the invoice lands.
    const results = await fake.deliverHeld();
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await plan(user.id)).toMatchObject({ plan: 'pro', status: 'active' });
    expect(await invoicesOf(db.orm.em.fork(), user.id)).toHaveLength(1);
  });

  it('a webhook arriving before the redirect returns: Pro already, and confirming again is harmless', async () => {
    const user = await newUser('webhookfirst');
    fake.delivery = 'before-redirect';
    const back = await checkoutAndPay(user);
    expect((await plan(user.id)).plan).toBe('pro'); // the webhooks were answered before the 303
    expect((await confirmCheckout(db.orm.em.fork(), stripe, user.id, sessionIdOf(back), now())).plan).toBe(
      'pro',
    );
  });

  it("another user's checkout session id is refused", async () => {
    const owner = await newUser('sessowner');
    const thief = await newUser('sessthief');
    fake.delivery = 'hold';
    const back = await checkoutAndPay(owner);
    await ensureCustomer(db.orm.em.fork(), stripe, thief);
    await expect(
      confirmCheckout(db.orm.em.fork(), stripe, thief.id, sessionIdOf(back), now()),
    ).rejects.toBeInstanceOf(BillingActionError);
    await expect(
      confirmCheckout(db.orm.em.fork(), stripe, thief.id, "cs_x' or 1=1", now()),
    ).rejects.toMatchObject({
      code: 'NOT_YOURS',
    });
    expect((await plan(thief.id)).plan).toBe('free');
    fake.held = [];
  });

  it('renewal: the period rolls over, Pro continues, a second invoice is held', async () => {
    const user = await newUser('renewer');
    await checkoutAndPay(user);
    const before = (await plan(user.id)).renewsAt!;
    await fake.advance(30 * DAY + 60);
    const after = await plan(user.id);
    expect(after).toMatchObject({ plan: 'pro', status: 'active' });
    expect(after.renewsAt!.getTime()).toBe(before.getTime() + 30 * DAY * 1000);
    expect((await invoicesOf(db.orm.em.fork(), user.id)).map((i) => i.status)).toEqual(['paid', 'paid']);
  });

  it('payment failure → 3-day grace (still Pro) → free after the grace → free when Stripe ends it', async () => {
    const user = await newUser('failer');
    await checkoutAndPay(user);
    const customer = (await customerIdOf(db.orm.em.fork(), user.id))!;
    fake.failingCustomers.add(customer);
    await fake.advance(30 * DAY + 60);
    const grace = await plan(user.id);
    expect(grace).toMatchObject({ plan: 'pro', status: 'past_due', renewsAt: null });
    expect(grace.proUntil!.getTime()).toBe(now().getTime() + PAST_DUE_GRACE_MS);
    expect((await invoicesOf(db.orm.em.fork(), user.id)).map((i) => i.status)).toEqual(['paid', 'open']);
    // Two days in: still within the grace.
    await fake.advance(2 * DAY);
    expect((await plan(user.id)).plan).toBe('pro');
    // Past three days: free, though Stripe still says past_due (no event needed).
    await fake.advance(1 * DAY + 60);
    expect(await plan(user.id)).toMatchObject({ plan: 'free', status: 'past_due' });
    expect(policy.canUseCoach({ userId: user.id, kind: 'member' }, await plan(user.id)).allowed).toBe(false);
    // Stripe gives up: cancelled, still free.
    await fake.endUnpaid(await subscriptionIdOf(user.id));
    expect(await plan(user.id)).toMatchObject({ plan: 'free', status: 'canceled' });
    fake.failingCustomers.delete(customer);
  });

  it('cancel at period end (portal) keeps Pro until the period ends, then free', async () => {
    const user = await newUser('canceller');
    await checkoutAndPay(user);
    const portal = await openPortal(db.orm.em.fork(), stripe, user.id, 'http://app.test/settings');
    const res = await fetch(`${portal}/cancel`, { method: 'POST', redirect: 'manual' });
    expect(res.headers.get('location')).toBe('http://app.test/settings');
    const cancelling = await plan(user.id);
    expect(cancelling).toMatchObject({ plan: 'pro', cancelAtPeriodEnd: true, renewsAt: null });
    await fake.advance(29 * DAY);
    expect((await plan(user.id)).plan).toBe('pro');
    // Even before Stripe's "deleted" event arrives, the period end ends Pro.
    fake.delivery = 'hold';
    await fake.advance(1 * DAY + 60);
    expect((await plan(user.id)).plan).toBe('free');
    await fake.deliverHeld();
    expect(await plan(user.id)).toMatchObject({ plan: 'free', status: 'canceled' });
  });

  it('duplicate deliveries are processed once; concurrent duplicates too', async () => {
    const user = await newUser('dupes');
    fake.delivery = 'hold';
    await checkoutAndPay(user);
    const [completed] = fake.held;
    fake.held = [];
    const first = await Promise.all([
      fake.deliver(completed!),
      fake.deliver(completed!),
      fake.deliver(completed!),
    ]);
    expect(first.map((r) => r.status)).toEqual([200, 200, 200]);
    const results = first.map((r) => (JSON.parse(r.body) as WebhookOutcome).result).sort();
    expect(results).toEqual(['duplicate', 'duplicate', 'processed']);
    const again = JSON.parse((await fake.deliver(completed!)).body) as WebhookOutcome;
    expect(again.result).toBe('duplicate');
    expect((await plan(user.id)).plan).toBe('pro');
  });

  it('reordered events: an old "active" update arriving after the cancellation does not revive Pro', async () => {
    const user = await newUser('reorder');
    fake.delivery = 'hold';
    await checkoutAndPay(user);
    await fake.deliverHeld();
    const subId = await subscriptionIdOf(user.id);
    // The subscription is cancelled outright at Stripe; then events arrive newest first.
    await stripe.subscriptions.cancel(subId);
    await new Promise((r) => setTimeout(r, 120));
    const created = fake.events.find(
      (e) => e.type === 'customer.subscription.created' && (e.data.object as { id: string }).id === subId,
    )!;
    const deleted = fake.held.find((e) => e.type === 'customer.subscription.deleted')!;
    fake.held = [];
    expect((await fake.deliver(deleted)).status).toBe(200);
    expect((await plan(user.id)).plan).toBe('free');
    // The same "created" again is a duplicate by id; the worst case is a distinct late event whose
    // stale payload still says active: it is processed by re-reading Stripe, which says canceled.
    expect(JSON.parse((await fake.deliver(created)).body)).toMatchObject({ result: 'duplicate' });
    const stale = { ...created, id: `${created.id}_late` } as Stripe.Event;
    const late = JSON.parse((await fake.deliver(stale)).body) as WebhookOutcome;
    expect(late.result).toBe('processed');
    expect(await plan(user.id)).toMatchObject({ plan: 'free', status: 'canceled' });
  });

  it('a forged or stale signature is refused (400) and changes nothing', async () => {
    const user = await newUser('forgery');
    fake.delivery = 'hold';
    await checkoutAndPay(user);
    const events = fake.held;
    fake.held = [];
    const before = outcomes.length;
    const forged = await fake.deliver(events[0]!, { secret: 'whsec_attacker_guess' });
    const stale = await fake.deliver(events[0]!, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    const unsigned = await fake.deliver(events[0]!, { signature: null });
    const garbage = await fake.deliver(events[0]!, { signature: 't=1,v1=deadbeef' });
    expect([forged, stale, unsigned, garbage].map((r) => r.status)).toEqual([400, 400, 400, 400]);
    expect(outcomes.slice(before)).toEqual(Array(4).fill({ refused: 'WebhookSignatureError' }));
    expect(await plan(user.id)).toMatchObject({ plan: 'free', status: null });
    expect(await subscriptionsOf(db.orm.em.fork(), user.id)).toEqual([]);
    // The genuine delivery of the same events still works afterwards.
    for (const e of events) expect((await fake.deliver(e)).status).toBe(200);
    expect((await plan(user.id)).plan).toBe('pro');
  });

  it('account deletion cancels the subscription at Stripe first, once', async () => {
    const user = await newUser('leaver');
    await checkoutAndPay(user);
    const subId = await subscriptionIdOf(user.id);
    expect(
      await cancelSubscriptionsOf(db.orm.em.fork(), null, user.id).catch((e: Error) => e),
    ).toBeInstanceOf(BillingUnavailableError);
    expect(await cancelSubscriptionsOf(db.orm.em.fork(), stripe, user.id, now())).toBe(1);
    expect(fake.subscriptions.get(subId)!.status).toBe('canceled');
    expect(await plan(user.id)).toMatchObject({ plan: 'free', status: 'canceled' });
    expect(await cancelSubscriptionsOf(db.orm.em.fork(), stripe, user.id, now())).toBe(0);
  });

  it('a hand grant is Pro whatever billing says, and keeps the subscription status for the page', async () => {
    const user = await newUser('granted');
    await setPlanGrant(db.orm.em.fork(), user.id, 'pro');
    expect(await plan(user.id)).toMatchObject({ plan: 'pro', source: 'grant', status: null });
  });
});

/**
 * Billing in the account jobs, with the real SDK against the local Stripe stand-in and real
 * Postgres: a due deletion cancels the subscription at Stripe before erasing anything (and erases
 * nothing when it cannot cancel); the export's data.json carries the billing history we hold.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleAccountDeletion } from '@rlcoach/db/auth/account-deletion';
import { confirmCheckout, startCheckout } from '@rlcoach/db/billing/checkout';
import { createStripeClient, type Stripe } from '@rlcoach/db/billing/stripe-client';
import { BillingUnavailableError } from '@rlcoach/db/billing/account-cancel';
import { FakeStripe } from '@rlcoach/db/testing/fake-stripe';
import { createTestDatabase, type TestDatabase } from '@rlcoach/db/testing';
import { ReplayStorage } from '@rlcoach/db/storage/replay-storage';
import { runUserDelete } from '../src/handlers/user-delete.js';
import { buildUserExport } from '../src/user-data/build-export.js';
import { createUser, tempDir, userRowsLeft, noRowsLeft } from './support.js';

let db: TestDatabase;
let fake: FakeStripe;
let stripe: Stripe;
let tmp: Awaited<ReturnType<typeof tempDir>>;
let storage: ReplayStorage;

beforeAll(async () => {
  db = await createTestDatabase('billacct');
  tmp = await tempDir('billacct');
  storage = new ReplayStorage(path.join(tmp.dir, 'store'));
  fake = new FakeStripe({ webhookSecret: 'whsec_test_unused', delivery: 'hold' });
  await fake.start();
  stripe = createStripeClient({ secretKey: 'sk_test_worker', apiBase: fake.url });
});
afterAll(async () => {
  await fake?.close();
  await db?.drop();
  await tmp?.cleanup();
});

/** A user who paid for Pro through Checkout (synced on return, as the Upgrade page does). */
async function proUser(name: string): Promise<{ userId: string; subscriptionId: string }> {
  const userId = await createUser(db.orm, name);
  const url = await startCheckout(
    db.orm.em.fork(),
    stripe,
    'price_test_pro',
    { id: userId, displayName: name, email: null },
    {
      successUrl: 'http://app.test/upgrade',
      cancelUrl: 'http://app.test/upgrade',
    },
  );
  const back = (await fetch(`${url}/pay`, { method: 'POST', redirect: 'manual' })).headers.get('location')!;
  const e = await confirmCheckout(
    db.orm.em.fork(),
    stripe,
    userId,
    new URL(back).searchParams.get('session_id')!,
  );
  expect(e.plan).toBe('pro');
  const customer = [...fake.customers.values()].find(
    (c) => (c.metadata as { userId: string }).userId === userId,
  )!;
  return { userId, subscriptionId: fake.subscriptionOf(customer.id as string)!.id as string };
}

describe('billing in the account jobs', () => {
  it('the export includes the billing history: customer, subscription, paid invoice', async () => {
    const { userId, subscriptionId } = await proUser('Exporter');
    const zip = path.join(tmp.dir, 'export.zip');
    await buildUserExport(db.orm.em.fork(), storage, userId, zip);
    const data = JSON.parse(execFileSync('unzip', ['-p', zip, 'data.json'], { encoding: 'utf8' }));
    expect(data.billing.stripeCustomerId).toMatch(/^cus_test_/);
    expect(data.billing.subscriptions).toMatchObject([
      { stripeSubscriptionId: subscriptionId, status: 'active' },
    ]);
    expect(data.billing.invoices).toMatchObject([{ status: 'paid', amountPaid: 1000, currency: 'usd' }]);
  });

  it('a due deletion cancels the subscription at Stripe first, then erases everything', async () => {
    const { userId, subscriptionId } = await proUser('Leaver');
    await scheduleAccountDeletion(db.orm.em.fork(), userId, 0);
    const run = await runUserDelete(
      { orm: db.orm, storage, stripe },
      { userId },
      new Date(Date.now() + 1000),
    );
    expect(run.outcome).toBe('deleted');
    expect(fake.subscriptions.get(subscriptionId)!.status).toBe('canceled');
    const cancel = fake.requests.find(
      (r) => r.method === 'DELETE' && r.path === `/v1/subscriptions/${subscriptionId}`,
    );
    expect(cancel?.idempotencyKey).toBe(`rlcoach-delete-${subscriptionId}`);
    const left = await userRowsLeft(db.orm, userId);
    expect(left).toEqual(noRowsLeft(left));
    expect(left).toHaveProperty('billing_subscriptions', 0);
  });

  it('without Stripe configured, a live subscription stops the deletion (retried later), nothing erased', async () => {
    const { userId, subscriptionId } = await proUser('Stuck');
    await scheduleAccountDeletion(db.orm.em.fork(), userId, 0);
    await expect(
      runUserDelete({ orm: db.orm, storage, stripe: null }, { userId }, new Date(Date.now() + 1000)),
    ).rejects.toBeInstanceOf(BillingUnavailableError);
    expect(fake.subscriptions.get(subscriptionId)!.status).toBe('active');
    expect((await userRowsLeft(db.orm, userId)).billing_subscriptions).toBe(1);
  });
});

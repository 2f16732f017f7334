/**
 * Starting and managing a Pro subscription: the user's Stripe customer (created once), Checkout
 * for the Pro price, confirming a Checkout on return (so the redirect need not wait for the
 * webhook) and the Billing Portal.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type Stripe from 'stripe';
import { customerIdOf, saveCustomer } from '../repositories/billing-repository.js';
import { entitlementOf, type Entitlement } from './entitlement.js';
import { idOf, storeInvoice, syncSubscriptionIn } from './subscription-sync.js';

export interface BillingUser {
  id: string;
  displayName: string;
  email: string | null;
}

/** A billing action that cannot be taken; `code` says why (the page words it). */
export class BillingActionError extends Error {
  constructor(
    readonly code: 'ALREADY_PRO' | 'NO_CUSTOMER' | 'USER_GONE' | 'NOT_YOURS',
    message: string,
  ) {
    super(message);
    this.name = 'BillingActionError';
  }
}

/**
 * The user's Stripe customer, created on first need. The idempotency key is the user id, so two
 * concurrent first calls (two tabs) get the same customer from Stripe and store one row.
 */
export async function ensureCustomer(em: EntityManager, stripe: Stripe, user: BillingUser): Promise<string> {
  const known = await customerIdOf(em, user.id);
  if (known) return known;
  const customer = await stripe.customers.create(
    { name: user.displayName, ...(user.email ? { email: user.email } : {}), metadata: { userId: user.id } },
    { idempotencyKey: `rlcoach-customer-${user.id}` },
  );
  const stored = await saveCustomer(em, user.id, customer.id);
  if (!stored) throw new BillingActionError('USER_GONE', 'No such account.');
  return stored;
}

/** Checkout for the Pro price; returns the Stripe-hosted page to send the browser to. */
export async function startCheckout(
  em: EntityManager,
  stripe: Stripe,
  priceId: string,
  user: BillingUser,
  urls: { successUrl: string; cancelUrl: string },
  now: Date = new Date(),
): Promise<string> {
  const current = await entitlementOf(em, user.id, now);
  if (current.plan === 'pro' && current.source === 'subscription')
    throw new BillingActionError('ALREADY_PRO', 'You already have Pro; manage it in the billing portal.');
  const customer = await ensureCustomer(em, stripe, user);
  const session = await stripe.checkout.sessions.create({
    mode: 'subscription',
    customer,
    client_reference_id: user.id,
    line_items: [{ price: priceId, quantity: 1 }],
    // Stripe fills {CHECKOUT_SESSION_ID}; the return confirms that session.
    success_url: `${urls.successUrl}${urls.successUrl.includes('?') ? '&' : '?'}session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: urls.cancelUrl,
    metadata: { userId: user.id },
    subscription_data: { metadata: { userId: user.id } },
  });
  if (!session.url) throw new Error('Stripe returned a Checkout session without a URL');
  return session.url;
}

const CHECKOUT_SESSION_ID = /^cs_[A-Za-z0-9_]{1,250}$/;

/**
 * Back from Checkout: read the session from Stripe and sync its subscription now, whether or not
 * the webhook came first (both paths end in the same sync, which is idempotent). The session must
 * belong to this user's customer: a session id in the URL is untrusted.
 */
export async function confirmCheckout(
  em: EntityManager,
  stripe: Stripe,
  userId: string,
  sessionId: string,
  now: Date = new Date(),
): Promise<Entitlement> {
  if (!CHECKOUT_SESSION_ID.test(sessionId))
    throw new BillingActionError('NOT_YOURS', 'That checkout session is not yours.');
  const customer = await customerIdOf(em, userId);
  const session = await stripe.checkout.sessions.retrieve(sessionId);
  if (!customer || idOf(session.customer) !== customer || session.client_reference_id !== userId)
    throw new BillingActionError('NOT_YOURS', 'That checkout session is not yours.');
  const subscriptionId = idOf(session.subscription);
  if (session.status === 'complete' && subscriptionId)
    await em.fork().transactional(async (tx) => {
      const synced = await syncSubscriptionIn(tx, stripe, subscriptionId, now);
      // The first invoice too, so the billing history does not wait for invoice.paid.
      if (synced.synced && synced.latestInvoiceId) await storeInvoice(tx, stripe, synced.latestInvoiceId);
    });
  return entitlementOf(em, userId, now);
}

/** The Billing Portal (change card, cancel, invoices) for a user who has a customer. */
export async function openPortal(
  em: EntityManager,
  stripe: Stripe,
  userId: string,
  returnUrl: string,
): Promise<string> {
  const customer = await customerIdOf(em, userId);
  if (!customer) throw new BillingActionError('NO_CUSTOMER', 'You have no billing account yet.');
  const session = await stripe.billingPortal.sessions.create({ customer, return_url: returnUrl });
  return session.url;
}

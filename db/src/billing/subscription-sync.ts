/**
 * Re-read a subscription from Stripe and store what Stripe says now. Every webhook and the
 * checkout return go through here, so the order events arrive in never matters: whatever event
 * triggers it, the row ends up as Stripe's current state. One subscription is synced by one
 * transaction at a time (an advisory lock), so the last read is the last write.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type Stripe from 'stripe';
import {
  lockBillingObject,
  saveCustomer,
  upsertInvoice,
  upsertSubscription,
  userOfCustomer,
  type SubscriptionState,
} from '../repositories/billing-repository.js';

const fromUnix = (s: number | null | undefined): Date | null => (s ? new Date(s * 1000) : null);

export const idOf = (v: string | { id: string } | null | undefined): string | null =>
  v == null ? null : typeof v === 'string' ? v : v.id;

/** The row a Stripe subscription maps to (the period lives on its item since API 2025-03-31). */
export function subscriptionState(sub: Stripe.Subscription, userId: string): SubscriptionState {
  const item = sub.items.data[0];
  return {
    stripeSubscriptionId: sub.id,
    userId,
    stripeCustomerId: idOf(sub.customer) ?? '',
    status: sub.status,
    priceId: item?.price.id ?? null,
    currentPeriodEnd: fromUnix(item?.current_period_end),
    cancelAtPeriodEnd: sub.cancel_at_period_end,
    endedAt: fromUnix(sub.ended_at),
  };
}

/**
 * Whose subscription this is: our customer row, else the user id we put in its metadata at
 * Checkout (then the customer is linked, e.g. when the row was lost). Null for a stranger's.
 */
async function ownerOf(em: EntityManager, sub: Stripe.Subscription): Promise<string | null> {
  const customerId = idOf(sub.customer);
  if (!customerId) return null;
  const known = await userOfCustomer(em, customerId);
  if (known) return known;
  const claimed = sub.metadata?.userId;
  if (!claimed) return null;
  const saved = await saveCustomer(em, claimed, customerId);
  return saved === customerId ? claimed : null;
}

export type SyncResult =
  | { synced: true; userId: string; state: SubscriptionState; latestInvoiceId: string | null }
  | { synced: false };

/** Sync inside the caller's transaction (which holds the lock until it commits). */
export async function syncSubscriptionIn(
  tx: EntityManager,
  stripe: Stripe,
  subscriptionId: string,
  now: Date,
): Promise<SyncResult> {
  await lockBillingObject(tx, subscriptionId);
  const sub = await stripe.subscriptions.retrieve(subscriptionId);
  const userId = await ownerOf(tx, sub);
  if (!userId) return { synced: false };
  const state = subscriptionState(sub, userId);
  await upsertSubscription(tx, state, now);
  return { synced: true, userId, state, latestInvoiceId: idOf(sub.latest_invoice) };
}

export async function syncSubscription(
  em: EntityManager,
  stripe: Stripe,
  subscriptionId: string,
  now: Date = new Date(),
): Promise<SyncResult> {
  return em.fork().transactional((tx) => syncSubscriptionIn(tx, stripe, subscriptionId, now));
}

/** Re-read an invoice from Stripe and keep it in the user's billing history. */
export async function storeInvoice(tx: EntityManager, stripe: Stripe, invoiceId: string): Promise<void> {
  const invoice = await stripe.invoices.retrieve(invoiceId);
  const customerId = idOf(invoice.customer);
  const userId = customerId ? await userOfCustomer(tx, customerId) : null;
  if (!userId || !invoice.id) return;
  await upsertInvoice(tx, {
    stripeInvoiceId: invoice.id,
    userId,
    stripeSubscriptionId: idOf(invoice.parent?.subscription_details?.subscription ?? null),
    status: invoice.status ?? 'draft',
    amountDue: invoice.amount_due,
    amountPaid: invoice.amount_paid,
    currency: invoice.currency,
    periodStart: new Date(invoice.period_start * 1000),
    periodEnd: new Date(invoice.period_end * 1000),
    createdAt: new Date(invoice.created * 1000),
    hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
  });
}

/**
 * Every query of billing: the user's Stripe customer, subscriptions as last read from Stripe,
 * invoices (billing history) and the processed webhook events. Stripe ids are opaque strings.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sqlAll, sqlRun } from './sql-exec.js';

export interface StoredSubscription {
  stripeSubscriptionId: string;
  userId: string;
  stripeCustomerId: string;
  status: string;
  priceId: string | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  pastDueSince: Date | null;
  endedAt: Date | null;
  syncedAt: Date;
}

/** A subscription as Stripe reports it now (what a sync writes). */
export type SubscriptionState = Omit<StoredSubscription, 'pastDueSince' | 'syncedAt'>;

export interface StoredInvoice {
  stripeInvoiceId: string;
  userId: string;
  stripeSubscriptionId: string | null;
  status: string;
  amountDue: number;
  amountPaid: number;
  currency: string;
  periodStart: Date | null;
  periodEnd: Date | null;
  createdAt: Date;
  hostedInvoiceUrl: string | null;
}

const SUBSCRIPTION_COLUMNS = `stripe_subscription_id as "stripeSubscriptionId", user_id as "userId",
  stripe_customer_id as "stripeCustomerId", status, price_id as "priceId",
  current_period_end as "currentPeriodEnd", cancel_at_period_end as "cancelAtPeriodEnd",
  past_due_since as "pastDueSince", ended_at as "endedAt", synced_at as "syncedAt"`;

export async function customerIdOf(em: EntityManager, userId: string): Promise<string | null> {
  const [row] = await sqlAll<{ id: string }>(
    em,
    'select stripe_customer_id as id from billing_customers where user_id = ?',
    [userId],
  );
  return row?.id ?? null;
}

export async function userOfCustomer(em: EntityManager, stripeCustomerId: string): Promise<string | null> {
  const [row] = await sqlAll<{ userId: string }>(
    em,
    'select user_id as "userId" from billing_customers where stripe_customer_id = ?',
    [stripeCustomerId],
  );
  return row?.userId ?? null;
}

/**
 * Remember the user's customer. The first one stays: the Stripe call behind it is idempotent per
 * user, so a concurrent second call got the same customer anyway. Returns the stored id; null when
 * the user does not exist (deleted meanwhile).
 */
export async function saveCustomer(
  em: EntityManager,
  userId: string,
  stripeCustomerId: string,
): Promise<string | null> {
  await sqlRun(
    em,
    `insert into billing_customers (stripe_customer_id, user_id, created_at)
     select ?, id, now() from users where id = ?
     on conflict do nothing`,
    [stripeCustomerId, userId],
  );
  return customerIdOf(em, userId);
}

/** The driver hands timestamps back as text here; the rows promise Dates. */
const toDate = (v: unknown): Date | null => (v == null ? null : v instanceof Date ? v : new Date(String(v)));

export async function subscriptionsOf(em: EntityManager, userId: string): Promise<StoredSubscription[]> {
  const rows = await sqlAll<StoredSubscription>(
    em,
    `select ${SUBSCRIPTION_COLUMNS} from billing_subscriptions where user_id = ?
      order by (ended_at is null) desc, current_period_end desc nulls last`,
    [userId],
  );
  return rows.map((r) => ({
    ...r,
    currentPeriodEnd: toDate(r.currentPeriodEnd),
    pastDueSince: toDate(r.pastDueSince),
    endedAt: toDate(r.endedAt),
    syncedAt: toDate(r.syncedAt)!,
  }));
}

/**
 * Write a subscription as Stripe reports it now. `pastDueSince` is the first time we saw it past
 * due (kept while it stays past due, cleared when it is not), which starts the grace period.
 */
export async function upsertSubscription(em: EntityManager, s: SubscriptionState, now: Date): Promise<void> {
  await sqlRun(
    em,
    `insert into billing_subscriptions (stripe_subscription_id, user_id, stripe_customer_id, status, price_id,
        current_period_end, cancel_at_period_end, past_due_since, ended_at, synced_at)
     values (?, ?, ?, ?, ?, ?, ?, case when ? = 'past_due' then ?::timestamptz end, ?, ?)
     on conflict (stripe_subscription_id) do update set
       status = excluded.status, price_id = excluded.price_id,
       current_period_end = excluded.current_period_end,
       cancel_at_period_end = excluded.cancel_at_period_end, ended_at = excluded.ended_at,
       synced_at = excluded.synced_at,
       past_due_since = case when excluded.status = 'past_due'
         then coalesce(billing_subscriptions.past_due_since, excluded.past_due_since) end`,
    [
      s.stripeSubscriptionId,
      s.userId,
      s.stripeCustomerId,
      s.status,
      s.priceId,
      s.currentPeriodEnd,
      s.cancelAtPeriodEnd,
      s.status,
      now,
      s.endedAt,
      now,
    ],
  );
}

/** Mark a subscription cancelled locally (after Stripe confirmed the cancel). */
export async function markSubscriptionEnded(
  em: EntityManager,
  stripeSubscriptionId: string,
  endedAt: Date,
): Promise<void> {
  await sqlRun(
    em,
    `update billing_subscriptions set status = 'canceled', ended_at = ?, past_due_since = null, synced_at = ?
      where stripe_subscription_id = ?`,
    [endedAt, endedAt, stripeSubscriptionId],
  );
}

export async function upsertInvoice(em: EntityManager, i: StoredInvoice): Promise<void> {
  await sqlRun(
    em,
    `insert into billing_invoices (stripe_invoice_id, user_id, stripe_subscription_id, status, amount_due,
        amount_paid, currency, period_start, period_end, created_at, hosted_invoice_url)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     on conflict (stripe_invoice_id) do update set status = excluded.status,
       amount_due = excluded.amount_due, amount_paid = excluded.amount_paid,
       hosted_invoice_url = excluded.hosted_invoice_url`,
    [
      i.stripeInvoiceId,
      i.userId,
      i.stripeSubscriptionId,
      i.status,
      i.amountDue,
      i.amountPaid,
      i.currency,
      i.periodStart,
      i.periodEnd,
      i.createdAt,
      i.hostedInvoiceUrl,
    ],
  );
}

export async function invoicesOf(em: EntityManager, userId: string): Promise<StoredInvoice[]> {
  const rows = await sqlAll<StoredInvoice>(
    em,
    `select stripe_invoice_id as "stripeInvoiceId", user_id as "userId",
        stripe_subscription_id as "stripeSubscriptionId", status, amount_due as "amountDue",
        amount_paid as "amountPaid", currency, period_start as "periodStart", period_end as "periodEnd",
        created_at as "createdAt", hosted_invoice_url as "hostedInvoiceUrl"
       from billing_invoices where user_id = ? order by created_at, stripe_invoice_id`,
    [userId],
  );
  return rows.map((r) => ({
    ...r,
    periodStart: toDate(r.periodStart),
    periodEnd: toDate(r.periodEnd),
    createdAt: toDate(r.createdAt)!,
  }));
}

export async function isEventProcessed(em: EntityManager, eventId: string): Promise<boolean> {
  const rows = await sqlAll(em, 'select 1 from stripe_webhook_events where id = ?', [eventId]);
  return rows.length > 0;
}

/**
 * Record an event as processed; false when it already was (a retry, or a concurrent delivery that
 * committed first: the insert waits for it and then conflicts).
 */
export async function recordEvent(
  em: EntityManager,
  event: { id: string; type: string; created: Date },
): Promise<boolean> {
  const n = await sqlRun(
    em,
    `insert into stripe_webhook_events (id, type, stripe_created_at, processed_at) values (?, ?, ?, now())
     on conflict (id) do nothing`,
    [event.id, event.type, event.created],
  );
  return n > 0;
}

/**
 * Serialise work on one Stripe object for the rest of the transaction, so two events about the same
 * subscription re-read it from Stripe and write it one after the other (the last read wins).
 */
export async function lockBillingObject(em: EntityManager, stripeId: string): Promise<void> {
  await sqlAll(em, `select pg_advisory_xact_lock(hashtextextended(?, 15))`, [stripeId]);
}

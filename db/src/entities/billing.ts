/**
 * What we hold about a user's Stripe billing: their customer, their subscriptions as Stripe last
 * told us, the invoices (billing history, for the data export) and the webhook events already
 * processed. Stripe stays the source of truth; these rows are its last known state, re-read from
 * Stripe on every event (never patched from an event's payload).
 */
import { EntitySchema, type Opt, type Ref } from '@mikro-orm/core';
import type { User } from './user.js';

/** One Stripe customer per user, created once (idempotency key derived from the user id). */
export class BillingCustomer {
  stripeCustomerId!: string;
  user!: Ref<User>;
  createdAt: Date & Opt = new Date();
}

export const BillingCustomerSchema = new EntitySchema<BillingCustomer>({
  class: BillingCustomer,
  tableName: 'billing_customers',
  properties: {
    stripeCustomerId: { type: 'string', length: 255, primary: true },
    user: {
      kind: 'm:1',
      entity: 'User',
      ref: true,
      deleteRule: 'cascade',
      unique: 'billing_customers_user_unique',
    },
    createdAt: { type: 'datetime', columnType: 'timestamptz' },
  },
});

/** A subscription's last known state (Stripe's status words are kept as they are). */
export class BillingSubscription {
  stripeSubscriptionId!: string;
  user!: Ref<User>;
  stripeCustomerId!: string;
  /** Stripe's status: active, trialing, past_due, canceled, unpaid, incomplete, … */
  status!: string;
  priceId: string | null = null;
  /** End of the paid period (the next renewal, or when a cancel-at-period-end takes effect). */
  currentPeriodEnd: Date | null = null;
  cancelAtPeriodEnd: boolean & Opt = false;
  /** When we first saw it past due: Pro continues for the grace period after this. */
  pastDueSince: Date | null = null;
  endedAt: Date | null = null;
  /** When this row was last re-read from Stripe. */
  syncedAt: Date & Opt = new Date();
}

export const BillingSubscriptionSchema = new EntitySchema<BillingSubscription>({
  class: BillingSubscription,
  tableName: 'billing_subscriptions',
  indexes: [{ name: 'billing_subscriptions_user_idx', properties: ['user'] }],
  properties: {
    stripeSubscriptionId: { type: 'string', length: 255, primary: true },
    user: { kind: 'm:1', entity: 'User', ref: true, deleteRule: 'cascade' },
    stripeCustomerId: { type: 'string', length: 255 },
    status: { type: 'string', length: 32 },
    priceId: { type: 'string', length: 255, nullable: true },
    currentPeriodEnd: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    cancelAtPeriodEnd: { type: 'boolean', default: false },
    pastDueSince: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    endedAt: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    syncedAt: { type: 'datetime', columnType: 'timestamptz' },
  },
});

/** An invoice of ours at Stripe: the billing history a data export includes. */
export class BillingInvoice {
  stripeInvoiceId!: string;
  user!: Ref<User>;
  stripeSubscriptionId: string | null = null;
  /** Stripe's invoice status (paid, open, uncollectible, …). */
  status!: string;
  /** Minor units (cents). */
  amountDue!: number;
  amountPaid!: number;
  currency!: string;
  periodStart: Date | null = null;
  periodEnd: Date | null = null;
  /** When Stripe created the invoice. */
  createdAt!: Date;
  hostedInvoiceUrl: string | null = null;
}

export const BillingInvoiceSchema = new EntitySchema<BillingInvoice>({
  class: BillingInvoice,
  tableName: 'billing_invoices',
  indexes: [{ name: 'billing_invoices_user_created_idx', properties: ['user', 'createdAt'] }],
  properties: {
    stripeInvoiceId: { type: 'string', length: 255, primary: true },
    user: { kind: 'm:1', entity: 'User', ref: true, deleteRule: 'cascade' },
    stripeSubscriptionId: { type: 'string', length: 255, nullable: true },
    status: { type: 'string', length: 32 },
    amountDue: { type: 'integer' },
    amountPaid: { type: 'integer' },
    currency: { type: 'string', length: 3 },
    periodStart: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    periodEnd: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    createdAt: { type: 'datetime', columnType: 'timestamptz' },
    hostedInvoiceUrl: { type: 'text', nullable: true },
  },
});

/** A Stripe webhook event we have processed: recorded by id so a retry is processed once. */
export class StripeWebhookEvent {
  id!: string;
  type!: string;
  /** The event's own creation time at Stripe. */
  stripeCreatedAt!: Date;
  processedAt: Date & Opt = new Date();
}

export const StripeWebhookEventSchema = new EntitySchema<StripeWebhookEvent>({
  class: StripeWebhookEvent,
  tableName: 'stripe_webhook_events',
  properties: {
    id: { type: 'string', length: 255, primary: true },
    type: { type: 'string', length: 100 },
    stripeCreatedAt: { type: 'datetime', columnType: 'timestamptz' },
    processedAt: { type: 'datetime', columnType: 'timestamptz' },
  },
});

export const billingEntities = [
  BillingCustomerSchema,
  BillingSubscriptionSchema,
  BillingInvoiceSchema,
  StripeWebhookEventSchema,
];

/**
 * The Stripe webhook: verify the signature on the raw body, record the event by id and process it
 * once, acting on Stripe's current state (re-read) rather than the event's payload, so retries,
 * duplicates and reordering cannot give or take access wrongly.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import Stripe from 'stripe';
import {
  isEventProcessed,
  lockBillingObject,
  recordEvent,
  saveCustomer,
  userOfCustomer,
} from '../repositories/billing-repository.js';
import { idOf, storeInvoice, syncSubscriptionIn } from './subscription-sync.js';

/** The signature is missing, forged, or too old (replay): answered 400, nothing changes. */
export class WebhookSignatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookSignatureError';
  }
}

export interface WebhookOutcome {
  eventId: string;
  type: string;
  /** processed: acted on; duplicate: seen before; ignored: not ours or not a type we act on. */
  result: 'processed' | 'duplicate' | 'ignored';
}

/** Events we act on; Stripe may send others to the endpoint (they are acknowledged and ignored). */
export const HANDLED_EVENTS = [
  'checkout.session.completed',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'invoice.paid',
  'invoice.payment_failed',
] as const;

/** Accepted age of a signature (Stripe's default tolerance): an older one is a replay. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function verifyWebhook(
  stripe: Stripe,
  rawBody: Buffer | string,
  signature: string | null,
  secret: string,
): Stripe.Event {
  if (!signature) throw new WebhookSignatureError('missing Stripe-Signature header');
  try {
    return stripe.webhooks.constructEvent(rawBody, signature, secret, SIGNATURE_TOLERANCE_SECONDS);
  } catch (e) {
    if (e instanceof Stripe.errors.StripeSignatureVerificationError)
      throw new WebhookSignatureError(e.message);
    throw e;
  }
}

/** The subscription (and invoice) an event is about; null for events we do not act on. */
function targetOf(event: Stripe.Event): { subscriptionId: string | null; invoiceId?: string } | null {
  switch (event.type) {
    case 'checkout.session.completed': {
      const session = event.data.object;
      return session.mode === 'subscription' ? { subscriptionId: idOf(session.subscription) } : null;
    }
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted':
      return { subscriptionId: event.data.object.id };
    case 'invoice.paid':
    case 'invoice.payment_failed': {
      const invoice = event.data.object;
      const sub = invoice.parent?.subscription_details?.subscription;
      return { subscriptionId: idOf(sub ?? null), invoiceId: invoice.id };
    }
    default:
      return null;
  }
}

/** Link the customer to the user who started Checkout (client_reference_id) if it is not yet. */
async function linkCheckoutCustomer(tx: EntityManager, event: Stripe.Event): Promise<void> {
  if (event.type !== 'checkout.session.completed') return;
  const session = event.data.object;
  const customerId = idOf(session.customer);
  const userId = session.client_reference_id;
  if (customerId && userId && !(await userOfCustomer(tx, customerId)))
    await saveCustomer(tx, userId, customerId);
}

/**
 * Verify, then process one delivery. Throws WebhookSignatureError for a bad signature (nothing
 * recorded); any other failure (Stripe or Postgres down) rolls back, so Stripe's retry redoes it.
 */
export async function handleStripeWebhook(
  em: EntityManager,
  stripe: Stripe,
  webhookSecret: string,
  rawBody: Buffer | string,
  signature: string | null,
  now: Date = new Date(),
): Promise<WebhookOutcome> {
  const event = verifyWebhook(stripe, rawBody, signature, webhookSecret);
  const outcome = (result: WebhookOutcome['result']): WebhookOutcome => ({
    eventId: event.id,
    type: event.type,
    result,
  });
  if (await isEventProcessed(em.fork(), event.id)) return outcome('duplicate');
  const target = targetOf(event);
  return em.fork().transactional(async (tx) => {
    // Serialise with other deliveries of this event and with other events of this subscription.
    if (target?.subscriptionId) await lockBillingObject(tx, target.subscriptionId);
    if (!(await recordEvent(tx, { id: event.id, type: event.type, created: new Date(event.created * 1000) })))
      return outcome('duplicate');
    if (!target) return outcome('ignored');
    await linkCheckoutCustomer(tx, event);
    let acted = false;
    if (target.subscriptionId)
      acted = (await syncSubscriptionIn(tx, stripe, target.subscriptionId, now)).synced;
    if (target.invoiceId) {
      await storeInvoice(tx, stripe, target.invoiceId);
      acted = true;
    }
    return outcome(acted ? 'processed' : 'ignored');
  });
}

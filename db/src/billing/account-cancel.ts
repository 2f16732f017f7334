/**
 * Account deletion cancels the user's subscriptions at Stripe first (the deletion job calls this
 * before erasing anything): nobody is charged for an account that no longer exists.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import Stripe from 'stripe';
import { markSubscriptionEnded, subscriptionsOf } from '../repositories/billing-repository.js';

/** Subscriptions that will never charge again. */
const FINISHED = new Set(['canceled', 'incomplete_expired']);

/** The user has a live subscription but billing is not configured here: deleting now would leave it charging. */
export class BillingUnavailableError extends Error {
  constructor(readonly userId: string) {
    super(`user ${userId} has a live subscription but STRIPE_SECRET_KEY is not set; not deleting`);
    this.name = 'BillingUnavailableError';
  }
}

/** Cancel every live subscription of the user at once (no proration); returns how many were cancelled. */
export async function cancelSubscriptionsOf(
  em: EntityManager,
  stripe: Stripe | null,
  userId: string,
  now: Date = new Date(),
): Promise<number> {
  const live = (await subscriptionsOf(em, userId)).filter((s) => !FINISHED.has(s.status));
  if (live.length === 0) return 0;
  if (!stripe) throw new BillingUnavailableError(userId);
  for (const s of live) {
    try {
      await stripe.subscriptions.cancel(
        s.stripeSubscriptionId,
        {},
        { idempotencyKey: `rlcoach-delete-${s.stripeSubscriptionId}` },
      );
    } catch (e) {
      // Already gone at Stripe: nothing left to cancel.
      if (!(e instanceof Stripe.errors.StripeInvalidRequestError && e.code === 'resource_missing')) throw e;
    }
    await markSubscriptionEnded(em, s.stripeSubscriptionId, now);
  }
  return live.length;
}

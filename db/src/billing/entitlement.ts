/**
 * What a user's plan lets them do, decided in one place. The coach, Pro-only socket events, pages
 * and realtime tokens all ask here.
 *
 * Pro comes from a hand grant on the user (`users.plan_grant`: the development sign-in, tests,
 * staff comps) or from a Stripe subscription as billing last synced it: active or trialing; past
 * due for PAST_DUE_GRACE_MS after we first saw it so; cancelled at period end until that end.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { User } from '../entities/user.js';
import { subscriptionsOf, type StoredSubscription } from '../repositories/billing-repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A failed renewal keeps Pro this long while Stripe retries the payment. */
export const PAST_DUE_GRACE_MS = 3 * 24 * 3600 * 1000;

export type Plan = 'free' | 'pro';

/** Why the user has the plan they have; the settings page says it in words. */
export type EntitlementSource = 'none' | 'grant' | 'subscription';

export interface Entitlement {
  plan: Plan;
  source: EntitlementSource;
  /** When Pro ends unless renewed (period end, or the end of the past-due grace); null when open-ended or free. */
  proUntil: Date | null;
  /** The latest subscription's Stripe status (active, past_due, canceled, …); null without one. */
  status: string | null;
  /** The next renewal (period end) of a subscription that renews; null otherwise. */
  renewsAt: Date | null;
  /** The subscription ends at its period end (cancelled in the portal). */
  cancelAtPeriodEnd: boolean;
}

export const FREE: Entitlement = {
  plan: 'free',
  source: 'none',
  proUntil: null,
  status: null,
  renewsAt: null,
  cancelAtPeriodEnd: false,
};

/** What one stored subscription grants at `now`. */
export function subscriptionEntitlement(s: StoredSubscription, now: Date): Entitlement {
  const periodEnd = s.currentPeriodEnd;
  const base = { source: 'subscription' as const, status: s.status, cancelAtPeriodEnd: s.cancelAtPeriodEnd };
  const free = { ...base, plan: 'free' as const, proUntil: null, renewsAt: null };
  if (s.endedAt && s.endedAt <= now) return free;
  if (s.status === 'active' || s.status === 'trialing') {
    if (s.cancelAtPeriodEnd) {
      // Cancelled in the portal: Pro until the end of what was paid for, even if the webhook is late.
      if (periodEnd && periodEnd <= now) return free;
      return { ...base, plan: 'pro', proUntil: periodEnd, renewsAt: null };
    }
    return { ...base, plan: 'pro', proUntil: periodEnd, renewsAt: periodEnd };
  }
  if (s.status === 'past_due' && s.pastDueSince) {
    const graceEnd = new Date(s.pastDueSince.getTime() + PAST_DUE_GRACE_MS);
    if (now < graceEnd) return { ...base, plan: 'pro', proUntil: graceEnd, renewsAt: null };
  }
  return free;
}

/** The entitlement of one user at `now`; an unknown user is free. */
export async function entitlementOf(
  em: EntityManager,
  userId: string,
  now: Date = new Date(),
): Promise<Entitlement> {
  if (!UUID.test(userId)) return FREE;
  // One after the other on the caller's EntityManager: inside a transaction (the coach's createAsk
  // holds a row lock) a second pooled connection could wait forever on a full pool.
  const user = await em.findOne(User, { id: userId }, { fields: ['planGrant'] });
  const subscriptions = await subscriptionsOf(em, userId);
  if (!user) return FREE;
  const fromSubscriptions = subscriptions.map((s) => subscriptionEntitlement(s, now));
  // A Pro subscription wins; otherwise the latest one says the status (e.g. canceled, past_due).
  const paid = fromSubscriptions.find((e) => e.plan === 'pro') ?? fromSubscriptions[0];
  if (user.planGrant === 'pro')
    return {
      ...(paid ?? FREE),
      plan: 'pro',
      source: 'grant',
      proUntil: null,
    };
  return paid ?? FREE;
}

/** Grant or withdraw hand-given Pro (development sign-in, tests, staff comps). */
export async function setPlanGrant(em: EntityManager, userId: string, grant: 'pro' | null): Promise<void> {
  await em.nativeUpdate(User, { id: userId }, { planGrant: grant });
}

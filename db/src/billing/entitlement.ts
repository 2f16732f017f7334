/**
 * What a user's plan lets them do, decided in one place. The coach, Pro-only socket events, pages
 * and realtime tokens all ask here.
 *
 * Today Pro comes from a hand grant on the user (`users.plan_grant`: the development sign-in, tests,
 * staff comps). Billing adds the paid source (a Stripe subscription: active, trialing, past due
 * within the grace period, or cancelled but not yet at period end) behind the same function.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { User } from '../entities/user.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type Plan = 'free' | 'pro';

/** Why the user has the plan they have; the settings page says it in words. */
export type EntitlementSource = 'none' | 'grant' | 'subscription';

export interface Entitlement {
  plan: Plan;
  source: EntitlementSource;
  /** When Pro ends unless renewed (period end, or the end of the past-due grace); null when open-ended or free. */
  proUntil: Date | null;
}

export const FREE: Entitlement = { plan: 'free', source: 'none', proUntil: null };

/** The entitlement of one user at `now`; an unknown user is free. */
export async function entitlementOf(
  em: EntityManager,
  userId: string,
  now: Date = new Date(),
): Promise<Entitlement> {
  void now; // used once the subscription source exists
  if (!UUID.test(userId)) return FREE;
  const user = await em.findOne(User, { id: userId }, { fields: ['planGrant'] });
  if (user?.planGrant === 'pro') return { plan: 'pro', source: 'grant', proUntil: null };
  return FREE;
}

/** Grant or withdraw hand-given Pro (development sign-in, tests, staff comps). */
export async function setPlanGrant(em: EntityManager, userId: string, grant: 'pro' | null): Promise<void> {
  await em.nativeUpdate(User, { id: userId }, { planGrant: grant });
}

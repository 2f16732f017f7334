/** The plan view of a user, read fresh from the entitlement on every request (never cached). */
import { entitlementOf } from '@rlcoach/db/billing/entitlement';
import type { EntityManager } from '@rlcoach/db';
import type { PlanView } from '$lib/billing/plan';

export async function planViewOf(em: EntityManager, userId: string): Promise<PlanView> {
  const e = await entitlementOf(em, userId);
  return {
    plan: e.plan,
    source: e.source,
    status: e.status,
    renewsAt: e.renewsAt,
    proUntil: e.proUntil,
    cancelAtPeriodEnd: e.cancelAtPeriodEnd,
  };
}

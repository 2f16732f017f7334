/** What the pages show about a user's plan (built on the server from `entitlementOf`). */
export interface PlanView {
  plan: 'free' | 'pro';
  source: 'none' | 'grant' | 'subscription';
  /** Stripe's status of the latest subscription (active, past_due, canceled, …); null without one. */
  status: string | null;
  /** Next renewal; null when it will not renew. */
  renewsAt: Date | null;
  /** When Pro ends unless renewed (period end when cancelling, end of the grace when past due). */
  proUntil: Date | null;
  cancelAtPeriodEnd: boolean;
}

/** Stripe's status words, as a player reads them. */
export function statusLabel(status: string | null): string {
  switch (status) {
    case null:
      return 'No subscription';
    case 'active':
      return 'Active';
    case 'trialing':
      return 'Trial';
    case 'past_due':
      return 'Payment failed: retrying';
    case 'canceled':
      return 'Cancelled';
    case 'unpaid':
      return 'Unpaid';
    case 'incomplete':
    case 'incomplete_expired':
      return 'Payment not completed';
    default:
      return status;
  }
}

/** A date as the player's calendar day (UTC when no zone is known). */
export function dayOf(d: Date, timeZone = 'UTC'): string {
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone }).format(d);
}

/** How often an open page re-reads the plan, so a change made elsewhere shows within a minute. */
export const PLAN_REFRESH_MS = 45_000;

/** Dependency key of the (app) layout's plan. */
export const PLAN_DEPENDENCY = 'app:plan';

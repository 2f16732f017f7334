import { policy } from '@rlcoach/db/auth/policy';
import { BillingActionError, confirmCheckout } from '@rlcoach/db/billing/checkout';
import { checkoutAction } from '$lib/server/billing/actions';
import { webBilling } from '$lib/server/billing/stripe';
import { requestEm } from '$lib/server/dashboard/context';
import { serverLog } from '$lib/server/log';
import { planViewOf } from '$lib/server/billing/plan';
import type { Actions, PageServerLoad } from './$types';

/** What the return from Checkout found (shown above the plan). */
type Return = 'confirmed' | 'pending' | 'cancelled' | 'not-yours' | 'unreachable' | null;

export const load: PageServerLoad = async ({ locals, url, depends }) => {
  depends('app:upgrade');
  const billing = webBilling();
  let checkout: Return = null;
  const sessionId = url.searchParams.get('session_id');
  if (url.searchParams.get('checkout') === 'cancelled') checkout = 'cancelled';
  else if (billing && sessionId) {
    // Back from Checkout: confirm with Stripe now rather than wait for the webhook (either may be first).
    try {
      const e = await confirmCheckout(await requestEm(), billing.stripe, locals.user.id, sessionId);
      checkout = e.plan === 'pro' ? 'confirmed' : 'pending';
    } catch (e) {
      if (e instanceof BillingActionError) checkout = 'not-yours';
      else {
        serverLog().error('stripe checkout confirmation failed', { err: e });
        checkout = 'unreachable';
      }
    }
  }
  return {
    checkout,
    // Read after the confirmation above (the layout's copy may predate it; the page refreshes it).
    plan: await planViewOf(await requestEm(), locals.user.id),
    billingConfigured: billing !== null,
    canManageBilling: policy.canManageBilling({ userId: locals.user.id, kind: locals.user.kind }).allowed,
  };
};

export const actions: Actions = {
  checkout: ({ locals, url }) => checkoutAction(locals, url),
};

/**
 * The billing form actions (Upgrade and Settings share them): send the browser to Stripe Checkout
 * or to the Billing Portal. Every refusal is a readable `billingMessage`; nothing is charged here.
 */
import { fail, redirect, type ActionFailure } from '@sveltejs/kit';
import { policy } from '@rlcoach/db/auth/policy';
import { BillingActionError, openPortal, startCheckout } from '@rlcoach/db/billing/checkout';
import { requestEm } from '../dashboard/context';
import { serverLog } from '../log';
import { webBilling } from './stripe';

type SignedIn = { user: { id: string; displayName: string; kind: 'guest' | 'demo' | 'member' } };
type Failure = ActionFailure<{ billingMessage: string }>;

const NOT_CONFIGURED = 'Billing is not configured on this server.';

function refusal(locals: SignedIn): Failure | null {
  const decision = policy.canManageBilling({ userId: locals.user.id, kind: locals.user.kind });
  if (!decision.allowed)
    return fail(decision.status, {
      billingMessage: 'Sign in with your own account to manage a subscription.',
    });
  return null;
}

/** Stripe failed or was unreachable: say so (the SDK already retried). */
function stripeDown(e: unknown, what: string): Failure {
  serverLog().error(`stripe ${what} failed`, { err: e });
  return fail(502, {
    billingMessage: 'Stripe could not be reached; nothing was charged. Try again shortly.',
  });
}

export async function checkoutAction(locals: SignedIn, url: URL): Promise<Failure> {
  const refused = refusal(locals);
  if (refused) return refused;
  const billing = webBilling();
  if (!billing) return fail(503, { billingMessage: NOT_CONFIGURED });
  let target: string;
  try {
    target = await startCheckout(
      await requestEm(),
      billing.stripe,
      billing.config.priceId,
      { id: locals.user.id, displayName: locals.user.displayName, email: null },
      {
        successUrl: `${url.origin}/upgrade?checkout=success`,
        cancelUrl: `${url.origin}/upgrade?checkout=cancelled`,
      },
    );
  } catch (e) {
    if (e instanceof BillingActionError) return fail(409, { billingMessage: e.message });
    return stripeDown(e, 'checkout');
  }
  redirect(303, target);
}

export async function portalAction(locals: SignedIn, url: URL): Promise<Failure> {
  const refused = refusal(locals);
  if (refused) return refused;
  const billing = webBilling();
  if (!billing) return fail(503, { billingMessage: NOT_CONFIGURED });
  let target: string;
  try {
    target = await openPortal(
      await requestEm(),
      billing.stripe,
      locals.user.id,
      `${url.origin}/settings#billing`,
    );
  } catch (e) {
    if (e instanceof BillingActionError) return fail(409, { billingMessage: e.message });
    return stripeDown(e, 'portal');
  }
  redirect(303, target);
}

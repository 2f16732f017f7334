/**
 * Stripe settings, shared by web (Checkout, the Billing Portal, the webhook) and the worker
 * (cancelling a deleted account's subscription). Billing is optional: with none of the keys set it
 * is off and the pages say so; a partial set is a configuration error naming what is missing.
 */
import { optionalText, optionalUrl, type Env } from './env-schema.js';

export const billingShape = {
  /** Secret API key (`sk_live_…` / `sk_test_…`). */
  STRIPE_SECRET_KEY: optionalText(),
  /** Signing secret of the webhook endpoint (`whsec_…`); web only. */
  STRIPE_WEBHOOK_SECRET: optionalText(),
  /** Price id of the $10/month Pro plan (`price_…`). */
  STRIPE_PRICE_PRO: optionalText(),
  /** Where the SDK sends API requests; unset = Stripe itself. Tests point it at a local stand-in. */
  STRIPE_API_BASE: optionalUrl(['http:', 'https:']),
};

export interface BillingConfig {
  secretKey: string;
  webhookSecret: string;
  priceId: string;
  /** Undefined: api.stripe.com. */
  apiBase: string | undefined;
}

type BillingVars = {
  STRIPE_SECRET_KEY?: string | undefined;
  STRIPE_WEBHOOK_SECRET?: string | undefined;
  STRIPE_PRICE_PRO?: string | undefined;
  STRIPE_API_BASE?: string | undefined;
};

const REQUIRED = ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'STRIPE_PRICE_PRO'] as const;

type Needed = readonly (typeof REQUIRED)[number][];

/** Blank counts as unset, as everywhere in the configuration. */
const isSet = (v: string | undefined): boolean => Boolean(v?.trim());

/**
 * Problems with the billing settings (read before the schema, like the secrets): a partial set
 * names what is missing. `needed` names the variables this process uses: the worker only cancels,
 * so it needs the secret key alone.
 */
export function billingProblems(env: Env, needed: Needed = REQUIRED): string[] {
  const given = needed.filter((name) => isSet(env[name]));
  if (given.length === 0) return [];
  return needed
    .filter((name) => !isSet(env[name]))
    .map((name) => `${name} is required when ${given.join(', ')} is set (billing)`);
}

/** The billing settings, or null when billing is off (the needed variables are not all set). */
export function billingFrom(v: BillingVars, needed: Needed = REQUIRED): BillingConfig | null {
  if (!needed.every((name) => v[name])) return null;
  return {
    secretKey: v.STRIPE_SECRET_KEY ?? '',
    webhookSecret: v.STRIPE_WEBHOOK_SECRET ?? '',
    priceId: v.STRIPE_PRICE_PRO ?? '',
    apiBase: v.STRIPE_API_BASE,
  };
}

/** What the worker needs: the secret key (it cancels subscriptions of deleted accounts). */
export const WORKER_BILLING_NEEDS: Needed = ['STRIPE_SECRET_KEY'];

/**
 * The Stripe SDK, configured from the billing settings. STRIPE_API_BASE points it elsewhere
 * (tests: the local stand-in in db/src/testing/fake-stripe.ts); unset, it talks to api.stripe.com.
 */
import Stripe from 'stripe';
import type { BillingConfig } from '../config/billing.js';

export type { Stripe };

export function createStripeClient(config: Pick<BillingConfig, 'secretKey' | 'apiBase'>): Stripe {
  const options: Stripe.StripeConfig = {
    maxNetworkRetries: 2,
    timeout: 20_000,
    appInfo: { name: 'rlcoach' },
  };
  if (config.apiBase) {
    const base = new URL(config.apiBase);
    options.host = base.hostname;
    options.protocol = base.protocol === 'http:' ? 'http' : 'https';
    options.port = base.port || (base.protocol === 'http:' ? 80 : 443);
  }
  return new Stripe(config.secretKey, options);
}

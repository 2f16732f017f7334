/**
 * Billing in the web process: the Stripe client built once from the configuration, or null when
 * billing is not configured (the pages say so and nothing else changes).
 */
import { createStripeClient, type Stripe } from '@rlcoach/db/billing/stripe-client';
import type { BillingConfig } from '@rlcoach/db/config/billing';
import { webConfig } from '../env';

export interface WebBilling {
  stripe: Stripe;
  config: BillingConfig;
}

let cached: WebBilling | null | undefined;

export function webBilling(): WebBilling | null {
  if (cached === undefined) {
    const config = webConfig().billing;
    cached = config ? { stripe: createStripeClient(config), config } : null;
  }
  return cached;
}

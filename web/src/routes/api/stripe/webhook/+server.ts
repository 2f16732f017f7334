/**
 * Stripe's webhook. The body is read raw (SvelteKit never parses it) because the signature covers
 * the exact bytes; db's `handleStripeWebhook` verifies it, records the event id and processes each
 * event once from Stripe's current state. 400 for a bad signature (Stripe does not retry those,
 * and nothing changed); 500 for a failure on our side, so Stripe retries later.
 */
import { json } from '@sveltejs/kit';
import { handleStripeWebhook, WebhookSignatureError } from '@rlcoach/db/billing/webhook';
import { requestEm } from '$lib/server/dashboard/context';
import { webBilling } from '$lib/server/billing/stripe';
import { serverLog } from '$lib/server/log';
import type { RequestHandler } from './$types';

/** Stripe's events are a few kB; anything far larger is not Stripe. */
const MAX_BODY_BYTES = 512 * 1024;

export const POST: RequestHandler = async ({ request }) => {
  const billing = webBilling();
  if (!billing) return json({ error: 'billing is not configured' }, { status: 404 });
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) return json({ error: 'body too large' }, { status: 413 });
  const raw = Buffer.from(await request.arrayBuffer());
  if (raw.length > MAX_BODY_BYTES) return json({ error: 'body too large' }, { status: 413 });
  try {
    const outcome = await handleStripeWebhook(
      await requestEm(),
      billing.stripe,
      billing.config.webhookSecret,
      raw,
      request.headers.get('stripe-signature'),
    );
    serverLog().info('stripe webhook', { ...outcome });
    return json({ received: true, result: outcome.result });
  } catch (e) {
    if (e instanceof WebhookSignatureError) {
      serverLog().warn('stripe webhook refused: bad signature', { reason: e.message });
      return json({ error: 'invalid signature' }, { status: 400 });
    }
    serverLog().error('stripe webhook failed; Stripe will retry', { err: e });
    return json({ error: 'not processed' }, { status: 500 });
  }
};

import { json } from '@sveltejs/kit';
import { metricsAllowed } from '@rlcoach/db/observability/metrics-access';
import { metricsRegistry, startMetrics } from '@rlcoach/db/observability/metrics';
import { webConfig } from '$lib/server/env';
import type { RequestHandler } from './$types';

/**
 * Prometheus scrape: METRICS_TOKEN as a bearer token, or (without one) a direct loopback peer that
 * no proxy forwarded. adapter-node's getClientAddress is the TCP peer unless ADDRESS_HEADER is set,
 * which web refuses at boot.
 */
export const GET: RequestHandler = async ({ request, getClientAddress }) => {
  startMetrics('web');
  const allowed = metricsAllowed(webConfig().metricsToken, {
    authorization: request.headers.get('authorization') ?? undefined,
    remoteAddress: getClientAddress(),
    forwardedFor: request.headers.get('x-forwarded-for') ?? undefined,
  });
  if (!allowed)
    return json(
      { error: { code: 'FORBIDDEN', message: 'Metrics need the token or a loopback peer.' } },
      { status: 403 },
    );
  return new Response(await metricsRegistry.metrics(), {
    headers: { 'content-type': metricsRegistry.contentType, 'cache-control': 'no-store' },
  });
};

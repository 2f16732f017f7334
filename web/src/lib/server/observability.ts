/**
 * Web's observability: probe paths that skip sessions and the database-per-request services, the
 * HTTP metrics handle (by SvelteKit route id, a bounded label), and the readiness probes
 * (Postgres through the ORM, Redis through the auth limiter's client).
 */
import type { Handle } from '@sveltejs/kit';
import {
  httpDuration,
  httpRequests,
  secondsSince,
  startMetrics,
  statusClass,
} from '@rlcoach/db/observability/metrics';
import { postgresProbe, redisProbe, type Probe } from '@rlcoach/db/observability/probes';
import { authDeps } from './auth/instance';
import { getOrm } from './services';

export { PROBE_PATHS } from './probe-paths';

export const httpMetrics: Handle = async ({ event, resolve }) => {
  startMetrics('web');
  const started = process.hrtime.bigint();
  const method = event.request.method;
  let status = 500;
  try {
    const response = await resolve(event);
    status = response.status;
    return response;
  } catch (e) {
    // Redirects and HTTP errors are thrown; the outer handle answers them with their own status.
    status = (e as { status?: number }).status ?? 500;
    throw e;
  } finally {
    const route = event.route.id ?? 'unmatched';
    httpRequests.inc({ method, route, status: statusClass(status) });
    httpDuration.observe({ method, route }, secondsSince(started));
  }
};

export function readinessProbes(): Record<string, Probe> {
  return {
    postgres: async () => {
      const orm = await getOrm();
      await postgresProbe(() => orm.em.fork())();
    },
    redis: redisProbe({ ping: () => authDeps.redis().ping() }),
  };
}

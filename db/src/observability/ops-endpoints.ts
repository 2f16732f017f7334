/**
 * `/healthz`, `/readyz` and `/metrics` as one plain node:http handler, for the worker's small
 * listener (realtime mounts the same answers in Express, web as SvelteKit endpoints).
 *  - /healthz: the process is alive (no dependency touched).
 *  - /readyz: every probe passes (Postgres and Redis reachable), else 503 with the report.
 *  - /metrics: the Prometheus registry, behind `metricsAllowed`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { metricsAllowed } from './metrics-access.js';
import { metricsRegistry } from './metrics.js';
import { runProbes, type Probe } from './probes.js';

export interface OpsEndpointsOptions {
  probes: Record<string, Probe>;
  metricsToken?: string;
  /** Extra work before a scrape (e.g. refreshing BullMQ queue gauges). */
  beforeScrape?: () => Promise<void>;
}

export function opsEndpoints(options: OpsEndpointsOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0];
    res.setHeader('Cache-Control', 'no-store');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'method not allowed' });
    if (path === '/healthz') return send(res, 200, { ok: true });
    if (path === '/readyz') {
      const report = await runProbes(options.probes);
      return send(res, report.status === 'healthy' ? 200 : 503, report);
    }
    if (path === '/metrics') {
      const allowed = metricsAllowed(options.metricsToken, {
        authorization: req.headers.authorization,
        remoteAddress: req.socket.remoteAddress,
        forwardedFor: header(req.headers['x-forwarded-for']),
      });
      if (!allowed) return send(res, 403, { error: 'metrics need the token or a loopback peer' });
      await options.beforeScrape?.().catch(() => undefined);
      const body = await metricsRegistry.metrics();
      res.writeHead(200, { 'Content-Type': metricsRegistry.contentType });
      res.end(body);
      return;
    }
    send(res, 404, { error: 'not found' });
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(',') : v;
}

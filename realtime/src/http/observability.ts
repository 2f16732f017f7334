/**
 * Realtime's observability endpoints and HTTP metrics: every response is counted and timed by route
 * family (a fixed list, so labels stay few); `/readyz` answers 200 only while Postgres and Redis
 * answer; `/metrics` serves db's Prometheus registry plus BullMQ's own queue gauges, behind
 * `metricsAllowed` (METRICS_TOKEN, or a direct loopback peer).
 */
import { Router, type RequestHandler } from 'express';
import type { Queue } from 'bullmq';
import { metricsAllowed } from '@rlcoach/db/observability/metrics-access';
import {
  httpDuration,
  httpRequests,
  metricsRegistry,
  secondsSince,
  statusClass,
} from '@rlcoach/db/observability/metrics';
import { runProbes, type Probe } from '@rlcoach/db/observability/probes';

const FAMILIES = ['/api/uploads', '/healthz', '/readyz', '/metrics', '/admin/queues', '/admin/session'];

export function routeFamily(path: string): string {
  return FAMILIES.find((f) => path === f || path.startsWith(`${f}/`)) ?? 'other';
}

export const httpMetrics: RequestHandler = (req, res, next) => {
  const started = process.hrtime.bigint();
  res.on('finish', () => {
    const route = routeFamily(req.path);
    httpRequests.inc({ method: req.method, route, status: statusClass(res.statusCode) });
    httpDuration.observe({ method: req.method, route }, secondsSince(started));
  });
  next();
};

export interface ObservabilityOptions {
  probes: Record<string, Probe>;
  metricsToken?: string;
  /** Queues whose BullMQ gauges join the scrape. */
  queues: Queue[];
}

export function observabilityRouter(options: ObservabilityOptions): Router {
  const router = Router();
  router.get('/readyz', async (_req, res) => {
    const report = await runProbes(options.probes);
    res
      .status(report.status === 'healthy' ? 200 : 503)
      .setHeader('Cache-Control', 'no-store')
      .json(report);
  });
  router.get('/metrics', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const allowed = metricsAllowed(options.metricsToken, {
      authorization: req.headers.authorization,
      remoteAddress: req.socket.remoteAddress,
      forwardedFor: req.headers['x-forwarded-for'] as string | undefined,
    });
    if (!allowed) {
      res
        .status(403)
        .json({ error: { code: 'FORBIDDEN', message: 'Metrics need the token or a loopback peer.' } });
      return;
    }
    const own = await metricsRegistry.metrics();
    const bull = await Promise.all(options.queues.map((q) => q.exportPrometheusMetrics().catch(() => '')));
    res.setHeader('Content-Type', metricsRegistry.contentType);
    res.send([own, ...bull].join('\n'));
  });
  return router;
}

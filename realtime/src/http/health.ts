/**
 * GET /healthz: every dependency check runs with a timeout (db's `runProbes`, the same runner as
 * `/readyz`); any failure → 503 "degraded" with the report.
 */
import { Router } from 'express';
import { runProbes, type ProbesReport } from '@rlcoach/db/observability/probes';
import type { HealthCheck } from '../ports.js';

export { CheckFailure } from '@rlcoach/db/observability/probes';
export type HealthReport = ProbesReport;

export function healthRouter(checks: Record<string, HealthCheck>): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    const report = await runProbes(checks);
    res
      .status(report.status === 'healthy' ? 200 : 503)
      .setHeader('Cache-Control', 'no-store')
      .json(report);
  });
  return router;
}

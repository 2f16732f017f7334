/** GET /healthz: every dependency check runs with a timeout; any failure → 503 "degraded". */
import { Router } from 'express';
import type { HealthCheck } from '../ports.js';

export interface CheckReport {
  ok: boolean;
  latencyMs: number;
  error?: string;
  [detail: string]: unknown;
}

export interface HealthReport {
  status: 'healthy' | 'degraded';
  checks: Record<string, CheckReport>;
}

export async function runHealthChecks(
  checks: Record<string, HealthCheck>,
  timeoutMs = 2000,
): Promise<HealthReport> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, CheckReport]> => {
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        const details = await Promise.race([
          check(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
        return [name, { ...(details ?? {}), ok: true, latencyMs: Math.round(performance.now() - started) }];
      } catch (err) {
        const details = (err as { details?: Record<string, unknown> }).details ?? {};
        return [
          name,
          {
            ...details,
            ok: false,
            latencyMs: Math.round(performance.now() - started),
            error: (err as Error).message ?? String(err),
          },
        ];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const report: HealthReport = { status: 'healthy', checks: Object.fromEntries(entries) };
  if (entries.some(([, r]) => !r.ok)) report.status = 'degraded';
  return report;
}

export function healthRouter(checks: Record<string, HealthCheck>): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    const report = await runHealthChecks(checks);
    res
      .status(report.status === 'healthy' ? 200 : 503)
      .setHeader('Cache-Control', 'no-store')
      .json(report);
  });
  return router;
}

/** A failure that still carries figures for the report (e.g. the queue depth that is too high). */
export class CheckFailure extends Error {
  constructor(
    message: string,
    readonly details: Record<string, unknown>,
  ) {
    super(message);
  }
}

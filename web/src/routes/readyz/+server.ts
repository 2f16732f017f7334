import { json } from '@sveltejs/kit';
import { runProbes } from '@rlcoach/db/observability/probes';
import { readinessProbes } from '$lib/server/observability';
import type { RequestHandler } from './$types';

/** Readiness: 200 while Postgres and Redis answer, else 503 naming the one that does not. */
export const GET: RequestHandler = async () => {
  const report = await runProbes(readinessProbes());
  return json(report, {
    status: report.status === 'healthy' ? 200 : 503,
    headers: { 'cache-control': 'no-store' },
  });
};

/**
 * The worker's observability: job durations and outcomes by queue and name into db's metrics, the
 * name each Worker gives BullMQ (`<host>:<pid>`, shown as a job's `processedBy` on the ops page),
 * and a small HTTP listener for `/healthz`, `/readyz` and `/metrics` (WORKER_HTTP_PORT).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { MetricsTime, type Job, type Worker } from 'bullmq';
import { jobDuration, jobOutcomes } from '@rlcoach/db/observability/metrics';
import { opsEndpoints } from '@rlcoach/db/observability/ops-endpoints';
import type { Probe } from '@rlcoach/db/observability/probes';

/** BullMQ Worker options every worker of ours shares: its name and per-minute finish counts (a day kept). */
export function observedWorkerOptions(): { name: string; metrics: { maxDataPoints: number } } {
  return { name: `${hostname()}:${process.pid}`, metrics: { maxDataPoints: MetricsTime.ONE_HOUR * 24 } };
}

export function instrumentWorker(worker: Worker): void {
  const record = (job: Job | undefined, outcome: 'completed' | 'failed') => {
    if (!job) return;
    const labels = { queue: worker.name, name: job.name, outcome };
    jobOutcomes.inc(labels);
    if (job.processedOn && job.finishedOn)
      jobDuration.observe(labels, (job.finishedOn - job.processedOn) / 1000);
  };
  worker.on('completed', (job) => record(job, 'completed'));
  worker.on('failed', (job) => record(job, 'failed'));
}

export interface OpsListener {
  port: number;
  /** /readyz answers 503 from now on (the process is draining). */
  drain(): void;
  close(): Promise<void>;
}

export async function startOpsListener(
  port: number,
  host: string | undefined,
  probes: Record<string, Probe>,
  metricsToken: string | undefined,
  onPortTaken?: (port: number) => void,
): Promise<OpsListener> {
  let draining = false;
  const handler = opsEndpoints({
    probes: {
      ...probes,
      accepting: async () => {
        if (draining) throw new Error('shutting down: finishing active jobs');
      },
    },
    ...(metricsToken ? { metricsToken } : {}),
  });
  const server: Server = createServer((req, res) => {
    handler(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  const listen = (p: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(p, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  try {
    await listen(port);
  } catch (err) {
    // Several workers on one machine share the default port: jobs matter more than the probe, so
    // take a free port and say so (the caller logs the port actually bound).
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw err;
    onPortTaken?.(port);
    await listen(0);
  }
  return {
    port: (server.address() as AddressInfo).port,
    drain: () => {
      draining = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

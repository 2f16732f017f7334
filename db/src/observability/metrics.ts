/**
 * Prometheus metrics (prom-client), one registry per process. The metric objects live here so any
 * layer can record into them: web and realtime time HTTP requests, realtime counts sockets, the
 * worker times jobs and their parse/analysis stages, and the coach adds the tokens it spends
 * (`coachTokens.inc({ kind: 'input' }, n)`). Each process serves the registry at `/metrics`.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The registry of this process: every metric below, plus Node's defaults once `startMetrics` ran. */
export const metricsRegistry = new Registry();

const secondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export const httpRequests = new Counter({
  name: 'rlcoach_http_requests_total',
  help: 'HTTP requests answered, by method, route and status class',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [metricsRegistry],
});

export const httpDuration = new Histogram({
  name: 'rlcoach_http_request_duration_seconds',
  help: 'Time from request to response end, by method and route',
  labelNames: ['method', 'route'] as const,
  buckets: secondsBuckets,
  registers: [metricsRegistry],
});

export const socketConnections = new Gauge({
  name: 'rlcoach_socket_connections',
  help: 'Socket.IO connections open on this realtime node',
  registers: [metricsRegistry],
});

export const socketEvents = new Counter({
  name: 'rlcoach_socket_events_total',
  help: 'Socket.IO events: connects, disconnects and client commands by name and outcome',
  labelNames: ['event', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const socketCommandDuration = new Histogram({
  name: 'rlcoach_socket_command_duration_seconds',
  help: 'Time to acknowledge a client command, by event name',
  labelNames: ['event'] as const,
  buckets: secondsBuckets,
  registers: [metricsRegistry],
});

export const jobDuration = new Histogram({
  name: 'rlcoach_job_duration_seconds',
  help: 'BullMQ job run time in this worker, by queue, job name and outcome',
  labelNames: ['queue', 'name', 'outcome'] as const,
  buckets: secondsBuckets,
  registers: [metricsRegistry],
});

export const jobOutcomes = new Counter({
  name: 'rlcoach_jobs_total',
  help: 'BullMQ jobs finished by this worker, by queue, job name and outcome (completed | failed)',
  labelNames: ['queue', 'name', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const stageDuration = new Histogram({
  name: 'rlcoach_replay_stage_duration_seconds',
  help: 'Replay processing stages: parse (network stream decode) and analysis',
  labelNames: ['stage'] as const,
  buckets: secondsBuckets,
  registers: [metricsRegistry],
});

/** Coach model tokens spent; the coach increments it per answer (kind: input | output). */
export const coachTokens = new Counter({
  name: 'rlcoach_coach_tokens_total',
  help: 'Language-model tokens the coach spent, by kind (input | output)',
  labelNames: ['kind'] as const,
  registers: [metricsRegistry],
});

let started = false;

/** Node's process metrics (CPU, memory, event loop lag, GC) labelled with the service name; once per process. */
export function startMetrics(service: 'web' | 'realtime' | 'worker'): Registry {
  if (!started) {
    started = true;
    metricsRegistry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: metricsRegistry, prefix: 'rlcoach_' });
  }
  return metricsRegistry;
}

/** Seconds since `startNs` (a `process.hrtime.bigint()` reading). */
export function secondsSince(startNs: bigint): number {
  return Number(process.hrtime.bigint() - startNs) / 1e9;
}

/** "2xx", "4xx", …: status classes keep the label set small. */
export function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}

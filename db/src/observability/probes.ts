/**
 * Dependency probes for `/readyz` (and realtime's `/healthz` report): each named probe runs with a
 * timeout; the report says which failed and why. Every process builds its probes from its own
 * clients (`postgresProbe`, `redisProbe`) so a down dependency shows up exactly where it is used.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { pingDatabase } from '../repositories/health-repository.js';

/** Resolves (optionally with figures for the report) when healthy; throws with a reason when not. */
export type Probe = () => Promise<void | Record<string, unknown>>;

export interface ProbeReport {
  ok: boolean;
  latencyMs: number;
  error?: string;
  [detail: string]: unknown;
}

export interface ProbesReport {
  status: 'healthy' | 'degraded';
  checks: Record<string, ProbeReport>;
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

export async function runProbes(probes: Record<string, Probe>, timeoutMs = 2000): Promise<ProbesReport> {
  const entries = await Promise.all(
    Object.entries(probes).map(async ([name, probe]): Promise<[string, ProbeReport]> => {
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        const details = await Promise.race([
          probe(),
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
  const report: ProbesReport = { status: 'healthy', checks: Object.fromEntries(entries) };
  if (entries.some(([, r]) => !r.ok)) report.status = 'degraded';
  return report;
}

/** One round trip to Postgres on a fresh fork. */
export function postgresProbe(em: () => EntityManager): Probe {
  return async () => {
    await pingDatabase(em());
  };
}

/** One PING on a Redis client (any ioredis-compatible client). */
export function redisProbe(redis: { ping(): Promise<unknown> }): Probe {
  return async () => {
    await redis.ping();
  };
}

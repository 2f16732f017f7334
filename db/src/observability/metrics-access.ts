/**
 * Who may read `/metrics`. With METRICS_TOKEN set: a request bearing it (`Authorization: Bearer …`),
 * from anywhere (a Prometheus on another machine). Without one: only a direct loopback peer that no
 * proxy forwarded (no X-Forwarded-For), so a reverse proxy on the same machine never exposes it.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export interface MetricsRequest {
  authorization: string | undefined;
  /** The TCP peer (never a forwarded address). */
  remoteAddress: string | undefined;
  forwardedFor: string | undefined;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export function metricsAllowed(token: string | undefined, req: MetricsRequest): boolean {
  if (token) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.authorization ?? '');
    return m !== null && sameSecret(m[1]!, token);
  }
  return LOOPBACK.has(req.remoteAddress ?? '') && !req.forwardedFor;
}

function sameSecret(given: string, expected: string): boolean {
  // Hash both so the comparison is constant-time whatever the lengths.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

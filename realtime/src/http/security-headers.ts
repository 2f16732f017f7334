/**
 * Security headers on every realtime HTTP response: helmet for the Express routes
 * (health, uploads, 404s, errors) and the same core set on Socket.IO's own polling
 * responses, which engine.io answers before Express sees the request. Realtime only
 * answers JSON, so its policy allows nothing to load and nothing to frame it. HSTS is
 * the TLS terminator's (nginx) job.
 */
import type { IncomingMessage } from 'node:http';
import helmet from 'helmet';
import type { RequestHandler } from 'express';

export const REALTIME_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
      },
    },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    strictTransportSecurity: false,
  });
}

/** For engine.io's `headers` / `initial_headers` events (long-polling responses). */
export function addEngineSecurityHeaders(headers: Record<string, string>, _req?: IncomingMessage): void {
  headers['X-Content-Type-Options'] = 'nosniff';
  headers['X-Frame-Options'] = 'DENY';
  headers['Referrer-Policy'] = 'strict-origin-when-cross-origin';
  headers['Content-Security-Policy'] = REALTIME_CSP;
}

/**
 * Every request: request-scoped services, then identity (lib/server/auth/handle.ts):
 * sign-in rate limits, Auth.js, the database session → locals.user, terms, and the
 * route guard. Signed-out visitors reach only the public allow-list. Around all of it,
 * the security headers (CSP, framing, nosniff, referrer) on every response.
 */
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { env as publicEnv } from '$env/dynamic/public';
import { auth } from '$lib/server/auth/instance';
import { securityHeaders } from '$lib/server/security-headers';
import { randomUUID } from 'node:crypto';
import { withLogContext } from '@rlcoach/db/logging/logger';
import { webConfig } from '$lib/server/env';
import { serverLog } from '$lib/server/log';
import { servicesForRequest } from '$lib/server/services';
import { PROBE_PATHS, httpMetrics } from '$lib/server/observability';

/** Boot: validate the configuration once; a missing secret stops the server with the variable's name. */
export const init: ServerInit = () => {
  webConfig();
};

/** Every request's log lines carry its id (also sent back as X-Request-Id). */
const requestId: Handle = ({ event, resolve }) => {
  const id = randomUUID();
  return withLogContext({ requestId: id }, async () => {
    const response = await resolve(event);
    try {
      response.headers.set('x-request-id', id);
    } catch {
      // immutable headers (a fetched response passed through): the log still has the id
    }
    return response;
  });
};

const services: Handle = async ({ event, resolve }) => {
  // Health probes must answer even when the database is down.
  if (!PROBE_PATHS.has(event.url.pathname)) event.locals.services = await servicesForRequest();
  return resolve(event);
};

// Outermost, so every response (redirects and refusals included) carries the security headers.
const headers = securityHeaders(() => publicEnv.PUBLIC_REALTIME_URL?.trim() || 'http://localhost:3001');

export const handle: Handle = sequence(httpMetrics, headers, requestId, services, auth.handle);

export const handleError: HandleServerError = ({ error, event, status, message }) => {
  // Full detail in the log; the page only gets a safe message.
  if (status >= 500)
    serverLog().error('unhandled request error', {
      err: error,
      method: event.request.method,
      path: event.url.pathname,
    });
  return { message: status >= 500 ? 'Something went wrong on our side. Please try again.' : message };
};

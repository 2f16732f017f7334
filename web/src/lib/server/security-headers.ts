/**
 * Security headers on every response the web app sends: pages, endpoints, Auth.js
 * responses, redirects and the errors the auth handles throw.
 *
 * Pages get SvelteKit's Content-Security-Policy (kit.csp in svelte.config.js: a
 * nonce on every inline script, no 'unsafe-inline' for scripts); this module only
 * widens its connect-src with the realtime origin, which is known at run time
 * (PUBLIC_REALTIME_URL), not at build time. Anything that is not a page (JSON, a
 * download, a redirect) gets a policy that allows nothing at all.
 */
import { isHttpError, isRedirect, json, type Handle, type RequestEvent } from '@sveltejs/kit';

/** Sent on every response. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'cross-origin-opener-policy': 'same-origin',
};

/** For responses that are not HTML pages: nothing may load, nothing may frame them. */
export const NON_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** The realtime server's origin in the forms connect-src needs: http(s) for uploads, ws(s) for Socket.IO. */
export function realtimeSources(realtimeUrl: string): string[] {
  const { protocol, host } = new URL(realtimeUrl);
  const ws = protocol === 'https:' ? 'wss:' : 'ws:';
  return [`${protocol}//${host}`, `${ws}//${host}`];
}

/** Adds sources to the policy's connect-src (creating it when absent). */
export function withConnectSources(policy: string, sources: string[]): string {
  if (sources.length === 0) return policy;
  const parts = policy.split(';').map((p) => p.trim());
  const i = parts.findIndex((p) => /^connect-src(\s|$)/i.test(p));
  if (i === -1) parts.push(`connect-src 'self' ${sources.join(' ')}`);
  else parts[i] = `${parts[i]} ${sources.join(' ')}`;
  return parts.filter(Boolean).join('; ');
}

function secure(response: Response, connectSources: string[]): Response {
  // Responses from fetch or Auth.js can have immutable headers.
  let res = response;
  try {
    res.headers.set('x-content-type-options', 'nosniff');
  } catch {
    res = new Response(response.body, response);
  }
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.headers.set(k, v);
  const csp = res.headers.get('content-security-policy');
  res.headers.set('content-security-policy', csp ? withConnectSources(csp, connectSources) : NON_PAGE_CSP);
  return res;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The outermost handle. The auth handles refuse by throwing (redirect to sign-in
 * or terms, 403/404), which SvelteKit would answer outside any hook; they are
 * answered here instead, so those responses carry the headers too.
 */
export function securityHeaders(realtimeUrl: () => string): Handle {
  return async ({ event, resolve }) => {
    const sources = realtimeSources(realtimeUrl());
    try {
      return secure(await resolve(event), sources);
    } catch (e) {
      const answered = answerThrown(e, event);
      if (!answered) throw e;
      return secure(answered, sources);
    }
  };
}

function answerThrown(e: unknown, event: RequestEvent): Response | null {
  // An enhanced form action expects SvelteKit's own JSON redirect: leave it to SvelteKit.
  if (event.request.headers.get('x-sveltekit-action') === 'true') return null;
  if (isRedirect(e)) {
    // SvelteKit's client reads a data request's redirect as JSON (what it would have answered itself).
    if (event.isDataRequest) return json({ type: 'redirect', location: e.location });
    return new Response(null, { status: e.status, headers: { location: e.location } });
  }
  if (isHttpError(e)) {
    const wantsJson =
      event.isDataRequest || /application\/json/.test(event.request.headers.get('accept') ?? '');
    if (wantsJson) return json(e.body, { status: e.status });
    const msg = escapeHtml(e.body.message);
    return new Response(
      `<!doctype html><html lang="en"><meta charset="utf-8"><title>${msg}</title><h1>${e.status}</h1><p>${msg}</p></html>`,
      { status: e.status, headers: { 'content-type': 'text/html; charset=utf-8' } },
    );
  }
  return null;
}

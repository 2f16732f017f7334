/** Probe and scrape paths: answered without a session, a database fork or Auth.js, so they work when those do not. */
export const PROBE_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

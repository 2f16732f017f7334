/**
 * The web server's configuration: the shared schema (db/src/config/web.ts) over SvelteKit's
 * environment. Validated at boot by the `init` hook in hooks.server.ts, so a missing production
 * secret stops the server with the variable's name before it serves anything.
 */
import { env } from '$env/dynamic/private';
import { env as publicEnv } from '$env/dynamic/public';
import { loadWebConfig, type WebConfig } from '@rlcoach/db/config/web';

export type { WebConfig };

let cached: WebConfig | undefined;

export function webConfig(): WebConfig {
  cached ??= loadWebConfig({ ...env, ...publicEnv });
  return cached;
}

/** TRUSTED_PROXY_HOPS: the same variable and rule as realtime (validated with the rest at boot). */
export function trustedProxyHops(): number {
  return webConfig().trustedProxyHops;
}

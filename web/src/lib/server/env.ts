/**
 * The one place the web server reads its environment; validated on first use so a
 * bad value fails loudly with its name instead of surfacing as a broken page.
 */
import { env } from '$env/dynamic/private';
import { env as publicEnv } from '$env/dynamic/public';
import { readTrustedProxyHops } from '@rlcoach/db';
import { DEV_SESSION_SECRET } from '@rlcoach/realtime/config';

export interface WebConfig {
  production: boolean;
  sessionSecret: string;
  realtimeUrl: string;
  uploadMaxFiles: number;
  uploadMaxBytes: number;
  /** Lifetime of the realtime (socket/upload) token handed to the browser. */
  clientTokenTtlSeconds: number;
}

let cached: WebConfig | undefined;

export function webConfig(): WebConfig {
  if (cached) return cached;
  const production = (env.NODE_ENV ?? process.env.NODE_ENV) === 'production';
  let sessionSecret = env.SESSION_SECRET?.trim() ?? '';
  if (!sessionSecret) {
    if (production) throw new Error('SESSION_SECRET is required in production');
    // Same development default as realtime, so tokens minted here verify there.
    sessionSecret = DEV_SESSION_SECRET;
  } else if (sessionSecret.length < 32) {
    throw new Error('SESSION_SECRET must be at least 32 characters');
  }
  const realtimeUrl = (publicEnv.PUBLIC_REALTIME_URL?.trim() || 'http://localhost:3001').replace(/\/+$/, '');
  try {
    new URL(realtimeUrl);
  } catch {
    throw new Error(`PUBLIC_REALTIME_URL is not a URL: "${realtimeUrl}"`);
  }
  cached = {
    production,
    sessionSecret,
    realtimeUrl,
    // Same variables and defaults as realtime, which enforces them; we only state them.
    uploadMaxFiles: positiveInt('UPLOAD_MAX_FILES', 50),
    uploadMaxBytes: positiveInt('UPLOAD_MAX_BYTES', 10 * 1024 * 1024),
    // 15 minutes (brief §12); tests shorten it to exercise the refresh paths.
    clientTokenTtlSeconds: positiveInt('CLIENT_TOKEN_TTL_SECONDS', 15 * 60),
  };
  return cached;
}

function positiveInt(name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return n;
}

let hops: number | undefined;

/**
 * TRUSTED_PROXY_HOPS (default 0), the same variable and rule as realtime. adapter-node's own
 * ADDRESS_HEADER / XFF_DEPTH would be a second rule for the same question, so they are refused.
 */
export function trustedProxyHops(): number {
  if (hops !== undefined) return hops;
  for (const name of ['ADDRESS_HEADER', 'XFF_DEPTH'])
    if (env[name]?.trim())
      throw new Error(
        `${name} is not used: set TRUSTED_PROXY_HOPS (the proxies in front of web and realtime)`,
      );
  hops = readTrustedProxyHops(env);
  return hops;
}

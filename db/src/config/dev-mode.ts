/**
 * Development conveniences (the dev sign-in, default secrets) are an explicit opt-in: RLCOACH_DEV=1,
 * which `npm start` and the test stacks that need it set for themselves. Without it every secret
 * must be given, whatever NODE_ENV says; with NODE_ENV=production it is refused outright.
 */
import type { Env } from './env-schema.js';

/** Development-only secrets, named so nobody mistakes them for real ones. */
export const DEV_SESSION_SECRET = 'rlcoach-dev-only-insecure-session-secret';
export const DEV_AUTH_SECRET = 'rlcoach-dev-only-insecure-auth-secret';
export const DEV_DATABASE_URL = 'postgres://rlcoach:rlcoach@127.0.0.1:5432/rlcoach';

export interface RunMode {
  /** NODE_ENV, `development` when unset. */
  nodeEnv: string;
  production: boolean;
  /** RLCOACH_DEV=1 outside production: dev sign-in and development default secrets are on. */
  dev: boolean;
}

export function runMode(env: Env): RunMode {
  const nodeEnv = env.NODE_ENV?.trim() || 'development';
  const production = nodeEnv === 'production';
  return { nodeEnv, production, dev: !production && env.RLCOACH_DEV?.trim() === '1' };
}

/** Problems with the mode itself (reported with the rest of the configuration). */
export function runModeProblems(env: Env): string[] {
  const raw = env.RLCOACH_DEV?.trim();
  if (raw && raw !== '0' && raw !== '1') return [`RLCOACH_DEV must be 0 or 1 (got "${raw}")`];
  if (raw === '1' && runMode(env).production)
    return ['RLCOACH_DEV=1 (development conveniences) must not be set with NODE_ENV=production'];
  return [];
}

/**
 * A secret: the given value (at least `minLength` characters), else the development default in dev
 * mode, else a problem naming the variable.
 */
export function secret(
  env: Env,
  name: string,
  devDefault: string,
  problems: string[],
  minLength = 32,
): string {
  const given = env[name]?.trim();
  if (given) {
    if (given.length < minLength) problems.push(`${name} must be at least ${minLength} characters`);
    return given;
  }
  if (runMode(env).dev) return devDefault;
  problems.push(`${name} is required (development defaults only with RLCOACH_DEV=1)`);
  return '';
}

/** The database settings (DATABASE_URL, DB_POOL_MAX, DB_DEBUG): one piece of every process's configuration. */
import { flag, int, optionalUrl, type Env } from './env-schema.js';
import { loadWith } from './load.js';
import { DEV_DATABASE_URL, secret } from './dev-mode.js';

export interface DbEnv {
  databaseUrl: string;
  /** Connection pool ceiling per process (workers run several threads, keep it small). */
  poolMax: number;
  debug: boolean;
}

const namesDatabase = (v: string | undefined): boolean => {
  try {
    return v === undefined || new URL(v).pathname.length > 1;
  } catch {
    return true; // the URL check above already names this problem
  }
};

export const databaseShape = {
  DATABASE_URL: optionalUrl(['postgres:', 'postgresql:']).refine(namesDatabase, {
    error: 'must name a database',
  }),
  DB_POOL_MAX: int(5, 1, 100),
  DB_DEBUG: flag(false),
};

/**
 * DATABASE_URL carries a password, so its default (the local development database) is a
 * development default like the other secrets: it applies only with RLCOACH_DEV=1.
 */
export function databaseUrlDefault(env: Env, problems: string[]): string | undefined {
  return env.DATABASE_URL?.trim() ? undefined : secret(env, 'DATABASE_URL', DEV_DATABASE_URL, problems, 1);
}

export function databaseFrom(
  parsed: { DATABASE_URL?: string | undefined; DB_POOL_MAX: number; DB_DEBUG: boolean },
  fallbackUrl: string | undefined,
): DbEnv {
  return {
    databaseUrl: parsed.DATABASE_URL ?? fallbackUrl ?? '',
    poolMax: parsed.DB_POOL_MAX,
    debug: parsed.DB_DEBUG,
  };
}

/** The database settings alone (migrations, the ORM's defaults, test helpers). */
export function readDbEnv(env: Env = process.env): DbEnv {
  const problems: string[] = [];
  const fallbackUrl = databaseUrlDefault(env, problems);
  return loadWith('database', databaseShape, env, problems, (v) => databaseFrom(v, fallbackUrl));
}

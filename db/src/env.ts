/** The database settings, read and validated in one place. */
export interface DbEnv {
  databaseUrl: string;
  /** Connection pool ceiling per process (workers run several threads, keep it small). */
  poolMax: number;
  debug: boolean;
}

export class DbConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid database configuration: ${problems.join('; ')}`);
    this.name = 'DbConfigError';
  }
}

export const DEFAULT_DATABASE_URL = 'postgres://rlcoach:rlcoach@127.0.0.1:5432/rlcoach';

export function readDbEnv(env: NodeJS.ProcessEnv = process.env): DbEnv {
  const problems: string[] = [];
  const databaseUrl = env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
  try {
    const u = new URL(databaseUrl);
    if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:')
      problems.push(`DATABASE_URL must be postgres://…, got ${u.protocol}`);
    if (u.pathname.length <= 1) problems.push('DATABASE_URL must name a database');
  } catch {
    problems.push('DATABASE_URL is not a URL');
  }
  const poolRaw = env.DB_POOL_MAX?.trim() || '5';
  const poolMax = Number(poolRaw);
  if (!Number.isInteger(poolMax) || poolMax < 1 || poolMax > 100)
    problems.push(`DB_POOL_MAX must be an integer 1–100, got "${poolRaw}"`);
  if (problems.length > 0) throw new DbConfigError(problems);
  return { databaseUrl, poolMax, debug: env.DB_DEBUG === '1' };
}

/**
 * Building blocks for reading the environment with zod: every variable is a string or unset, a
 * blank value counts as unset, and every problem is reported with the variable's name, all at once.
 */
import { z } from 'zod';

export type Env = Record<string, string | undefined>;

/** The environment is invalid: `problems` names each bad or missing variable. Thrown at boot. */
export class ConfigError extends Error {
  constructor(
    readonly processName: string,
    readonly problems: string[],
  ) {
    super(`invalid ${processName} configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** Treat a blank variable as unset, trim the rest. */
const unsetIfBlank = (v: unknown) => (typeof v === 'string' ? v.trim() || undefined : v);

/** A text variable with a default. */
export const text = (fallback: string) => z.preprocess(unsetIfBlank, z.string().default(fallback));

/** A text variable without a default. */
export const optionalText = () => z.preprocess(unsetIfBlank, z.string().optional());

/** An integer variable within [min, max]. */
export const int = (fallback: number, min: number, max: number) =>
  z.preprocess(
    unsetIfBlank,
    z.coerce
      .number({ error: `must be an integer in [${min}, ${max}]` })
      .int(`must be an integer in [${min}, ${max}]`)
      .min(min, `must be an integer in [${min}, ${max}]`)
      .max(max, `must be an integer in [${min}, ${max}]`)
      .default(fallback),
  );

const urlWith = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { error: `must be a ${protocols.map((p) => `${p}//…`).join(' or ')} URL` },
  );

/** A URL variable whose protocol is one of `protocols` (e.g. `['redis:', 'rediss:']`), with a default. */
export const url = (fallback: string, protocols: string[]) =>
  z.preprocess(unsetIfBlank, urlWith(protocols).default(fallback));

/** A URL variable without a default. */
export const optionalUrl = (protocols: string[]) => z.preprocess(unsetIfBlank, urlWith(protocols).optional());

/** A `0`/`1` switch. */
export const flag = (fallback: boolean) =>
  z.preprocess(
    unsetIfBlank,
    z
      .enum(['0', '1'], { error: 'must be 0 or 1' })
      .optional()
      .transform((v) => (v === undefined ? fallback : v === '1')),
  );

/** Parse `env` against `shape`; every issue becomes "NAME: what is wrong". */
export function parseShape<S extends z.ZodRawShape>(
  shape: S,
  env: Env,
): { value?: z.infer<z.ZodObject<S>>; problems: string[] } {
  const result = z.object(shape).safeParse(env);
  if (result.success) return { value: result.data, problems: [] };
  return {
    problems: result.error.issues.map((i) => {
      const name = String(i.path[0] ?? '');
      return `${name} ${i.message}${name in env ? ` (got "${String(env[name])}")` : ''}`;
    }),
  };
}

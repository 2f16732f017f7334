/** Parse one process's schema, add the mode and secret checks, and throw every problem at once. */
import type { z } from 'zod';
import { ConfigError, parseShape, type Env } from './env-schema.js';
import { runModeProblems } from './dev-mode.js';

/**
 * `earlier` holds problems already found (the secrets, read before the schema so a missing one is
 * reported even when other variables are bad too).
 */
export function loadWith<S extends z.ZodRawShape, C>(
  processName: string,
  shape: S,
  env: Env,
  earlier: string[],
  build: (parsed: z.infer<z.ZodObject<S>>) => C,
): C {
  const { value, problems } = parseShape(shape, env);
  problems.unshift(...runModeProblems(env), ...earlier);
  if (problems.length > 0 || value === undefined) throw new ConfigError(processName, problems);
  return build(value);
}

/** One JSON line per event on stderr: greppable, and no logging dependency. */
import type { Logger } from './ports.js';

export function createLogger(
  name: string,
  sink: (line: string) => void = (l) => process.stderr.write(l + '\n'),
): Logger {
  const write = (level: string, msg: string, fields?: Record<string, unknown>) =>
    sink(JSON.stringify({ t: new Date().toISOString(), level, name, msg, ...serialise(fields) }));
  return {
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

function serialise(fields?: Record<string, unknown>): Record<string, unknown> {
  if (!fields) return {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields))
    out[k] = v instanceof Error ? { name: v.name, message: v.message, stack: v.stack } : v;
  return out;
}

/** One JSON line per event on stdout: greppable in tests, parseable in production. */
export interface Log {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

function line(level: string, msg: string, fields?: Record<string, unknown>): string {
  return JSON.stringify({ t: new Date().toISOString(), level, msg, ...fields }, (_k, v: unknown) =>
    v instanceof Error ? { name: v.name, message: v.message } : v,
  );
}

export const log: Log = {
  info: (msg, fields) => console.log(line('info', msg, fields)),
  warn: (msg, fields) => console.log(line('warn', msg, fields)),
  error: (msg, fields) => console.error(line('error', msg, fields)),
};

/**
 * One structured logger for every service: pino, one JSON line per event, with the service name
 * and whatever the current request, socket or job put in the log context (request id, socket id,
 * job id) on every line, so one request's or job's lines can be found together.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { pino, type DestinationStream, type Logger as Pino } from 'pino';
import type { LogLevel } from '../config/pieces.js';

export type LogFields = Record<string, unknown>;

/** What services call: message first, then the fields (kept from the hand-written loggers it replaces). */
export interface Log {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger whose lines all carry `bindings` too. */
  child(bindings: LogFields): Log;
}

const context = new AsyncLocalStorage<LogFields>();

/**
 * Run `fn` with `bindings` (e.g. `{ requestId }`, `{ socketId }`, `{ jobId }`) added to every log
 * line written while it runs, including its async continuations.
 */
export function withLogContext<T>(bindings: LogFields, fn: () => T): T {
  return context.run({ ...context.getStore(), ...bindings }, fn);
}

/** The bindings of the current context (empty outside one). */
export function currentLogContext(): LogFields {
  return context.getStore() ?? {};
}

export interface LoggerOptions {
  level?: LogLevel;
  /** File descriptor (1 stdout, 2 stderr) or a stream; stdout by default. */
  destination?: 1 | 2 | DestinationStream;
}

export function createLogger(service: string, options: LoggerOptions = {}): Log {
  const destination = options.destination ?? 1;
  const logger = pino(
    {
      level: options.level ?? 'info',
      base: { service, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => context.getStore() ?? {},
    },
    typeof destination === 'number' ? pino.destination({ fd: destination, sync: true }) : destination,
  );
  return wrap(logger);
}

function wrap(p: Pino): Log {
  return {
    debug: (msg, fields) => p.debug(fields ?? {}, msg),
    info: (msg, fields) => p.info(fields ?? {}, msg),
    warn: (msg, fields) => p.warn(fields ?? {}, msg),
    error: (msg, fields) => p.error(fields ?? {}, msg),
    child: (bindings) => wrap(p.child(bindings)),
  };
}

/** Writes nothing (tests and callers that did not pass a logger). */
export const silentLog: Log = wrap(pino({ level: 'silent' }));

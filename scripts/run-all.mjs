#!/usr/bin/env node
// Runs realtime, worker and web together for `npm start` and prefixes their logs.
// A child that crashes is restarted with exponential backoff while the others keep
// serving (scripts/lib/supervisor.mjs); Ctrl-C or SIGTERM stops all of them cleanly.
// No extra dependency on purpose.
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { Supervisor } from './lib/supervisor.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const webPort = process.env.WEB_PORT ?? '3000';
const realtimePort = process.env.REALTIME_PORT ?? '3001';
// Loopback unless told otherwise: a development stack is not for the network.
const host = process.env.HOST ?? '127.0.0.1';
const publicUrl = process.env.ORIGIN ?? `http://localhost:${webPort}`;
const millis = (name, fallback) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) {
    console.error(`${name} must be a number of milliseconds (got ${process.env[name]})`);
    process.exit(1);
  }
  return value;
};

const env = {
  ...process.env,
  NODE_ENV: process.env.NODE_ENV ?? 'development',
  // `npm start` is the development stack: it opts in to the dev sign-in and development defaults.
  RLCOACH_DEV: process.env.RLCOACH_DEV ?? '1',
  REALTIME_HOST: process.env.REALTIME_HOST ?? host,
  WORKER_HTTP_HOST: process.env.WORKER_HTTP_HOST ?? host,
  REALTIME_PORT: realtimePort,
  WEB_ORIGIN: process.env.WEB_ORIGIN ?? publicUrl,
  PUBLIC_REALTIME_URL: process.env.PUBLIC_REALTIME_URL ?? `http://localhost:${realtimePort}`,
};

const services = [
  { name: 'realtime', color: 35, args: ['realtime/dist/main.js'], env: {} },
  { name: 'worker', color: 33, args: ['worker/dist/main.js'], env: {} },
  // adapter-node reads PORT, HOST and ORIGIN.
  {
    name: 'web',
    color: 36,
    args: ['web/build/index.js'],
    env: { PORT: webPort, HOST: host, ORIGIN: publicUrl },
  },
];

// A port still held (say, by an earlier `npm start`) would let the old server answer the
// readiness poll below while the new one dies: refuse clearly before starting anything.
const portFree = (port) =>
  new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(Number(port), host, () => probe.close(() => resolve(true)));
  });
for (const [name, port, variable] of [
  ['web', webPort, 'WEB_PORT'],
  ['realtime', realtimePort, 'REALTIME_PORT'],
]) {
  if (!(await portFree(port))) {
    console.error(`port ${port} (${name}) is already in use: stop the program using it, or set ${variable}`);
    process.exit(1);
  }
}

const supervisor = new Supervisor({
  cwd: root,
  backoffBaseMs: millis('RESTART_BACKOFF_BASE_MS', 1_000),
  backoffMaxMs: millis('RESTART_BACKOFF_MAX_MS', 30_000),
  // Up this long after a restart: the next crash starts the backoff over.
  stableAfterMs: millis('RESTART_STABLE_AFTER_MS', 60_000),
  // Workers finish or hand back their jobs within the job timeout; then they are killed.
  stopGraceMs: millis('SHUTDOWN_GRACE_MS', 15_000),
  log: (message) => console.error(`\x1b[1msupervisor\x1b[0m ${message}`),
});

for (const s of services) {
  const label = `\x1b[${s.color}m${s.name.padEnd(8)}\x1b[0m`;
  supervisor.start({
    name: s.name,
    args: s.args,
    env: { ...env, ...s.env },
    output: (line, stream) =>
      (stream === 'stdout' ? process.stdout : process.stderr).write(`${label} ${line}\n`),
  });
}

let stopping = false;
const stop = async (signal) => {
  if (stopping) return;
  stopping = true;
  console.error(`\x1b[1msupervisor\x1b[0m ${signal}: stopping every service`);
  await supervisor.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

// Print the URL once the web server answers.
const started = Date.now();
const poll = setInterval(async () => {
  try {
    const res = await fetch(`http://127.0.0.1:${webPort}/`, { redirect: 'manual' });
    if (res.status < 500) {
      clearInterval(poll);
      console.log(`\n  rlcoach is running: \x1b[1m${publicUrl}\x1b[0m  (Ctrl-C to stop)\n`);
    }
  } catch {
    if (Date.now() - started > 60_000) {
      clearInterval(poll);
      console.error('web did not answer within 60 s; see its log above');
    }
  }
}, 500);

#!/usr/bin/env node
// Runs realtime, worker and web together for `npm start`, prefixes their logs,
// and stops all three when one dies or on Ctrl-C. No extra dependency on purpose.
import { spawn } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const webPort = process.env.WEB_PORT ?? '3000';
const realtimePort = process.env.REALTIME_PORT ?? '3001';
// Loopback unless told otherwise: a development stack is not for the network.
const host = process.env.HOST ?? '127.0.0.1';
const publicUrl = process.env.ORIGIN ?? `http://localhost:${webPort}`;

const env = {
  ...process.env,
  NODE_ENV: process.env.NODE_ENV ?? 'development',
  // `npm start` is the development stack: it opts in to the dev sign-in and development defaults.
  RLCOACH_DEV: process.env.RLCOACH_DEV ?? '1',
  REALTIME_HOST: process.env.REALTIME_HOST ?? host,
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

const children = new Map();
let stopping = false;

function prefixLines(name, color, stream, out) {
  let buffered = '';
  stream.on('data', (chunk) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) out.write(`\x1b[${color}m${name.padEnd(8)}\x1b[0m ${line}\n`);
  });
}

function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children.values()) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 10_000).unref();
  const check = setInterval(() => {
    if ([...children.values()].every((c) => c.exitCode !== null || c.signalCode !== null)) {
      clearInterval(check);
      process.exit(code);
    }
  }, 100);
}

for (const s of services) {
  const child = spawn(process.execPath, s.args, {
    cwd: root,
    env: { ...env, ...s.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.set(s.name, child);
  prefixLines(s.name, s.color, child.stdout, process.stdout);
  prefixLines(s.name, s.color, child.stderr, process.stderr);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${s.name} exited (${signal ?? code}); stopping the others`);
      stopAll(code ?? 1);
    }
  });
}

process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

// Print the URL once the web server answers.
const started = Date.now();
let announced = false;
const poll = setInterval(async () => {
  try {
    const res = await fetch(`http://127.0.0.1:${webPort}/`, { redirect: 'manual' });
    if (res.status < 500 && !announced) {
      announced = true;
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

/**
 * Real processes for the fault and scale-out tests: a private redis-server on a free port (the
 * shared one on 6379 is never restarted), a TCP proxy in front of Postgres that can be cut and
 * restored (an outage as the apps see it: connections dropped, then refused), the built realtime
 * and worker entry points as child processes, and Socket.IO clients with signed tokens.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, connect, type Server, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { io, type ManagerOptions, type Socket as ClientSocket, type SocketOptions } from 'socket.io-client';
import { signSessionToken } from '@rlcoach/db/contracts/session-token';
import { REPO_ROOT, freePort, waitFor } from './support';

export const SESSION_SECRET = `fault-test-secret-${randomBytes(16).toString('hex')}`;
export const REALTIME_MAIN = path.join(REPO_ROOT, 'realtime/dist/main.js');
export const WORKER_MAIN = path.join(REPO_ROOT, 'worker/dist/main.js');
/** The worker with test stage hooks (a slow parse), see worker/test/fixtures/stage-hooks.mjs. */
export const WORKER_WITH_HOOKS = path.join(REPO_ROOT, 'worker/test/fixtures/worker-with-hooks.mjs');

export function builtOrSkip(): string | null {
  const missing = [REALTIME_MAIN, WORKER_MAIN].filter((f) => !existsSync(f));
  return missing.length ? `build first (npx tsc -b worker realtime): missing ${missing.join(', ')}` : null;
}

/** Replays with distinct matches: the corpus's rlcoach/ folder, else the worker's demo files. */
export function distinctReplays(): string[] {
  const corpus = process.env.RLCOACH_CORPUS ?? path.resolve(REPO_ROOT, '../shared/replays');
  const dir = [path.join(corpus, 'rlcoach'), path.join(REPO_ROOT, 'worker/fixtures/demo-replays')].find((d) =>
    existsSync(d),
  );
  if (!dir) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.replay'))
    .sort()
    .map((f) => path.join(dir, f));
}

// ---------------------------------------------------------------- redis-server of our own

export interface PrivateRedis {
  url: string;
  port: number;
  /** Stop (SIGTERM: AOF flushed, as a managed restart) and wait for the exit. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** A redis-server on a free port with append-only persistence (like production), in a temp dir. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rlcoach-fault-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const output: string[] = [];
  const start = async () => {
    child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--appendonly',
        'yes',
        '--save',
        '',
        '--maxmemory-policy',
        'noeviction',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
    child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
    await waitFor(
      `redis-server on ${port}`,
      () => tcpOpen(port),
      10_000,
      () => output.join(''),
    );
  };
  const stop = async () => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    await exited;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    start,
    async close() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function tcpOpen(port: number): Promise<true | undefined> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(undefined));
  });
}

// ---------------------------------------------------------------- a Postgres outage we control

export interface CuttableProxy {
  port: number;
  /** Drop every open connection and refuse new ones (the database is "down"). */
  cut(): Promise<void>;
  /** Accept connections again (the database is "back"). */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/** A TCP proxy to 127.0.0.1:`targetPort`: the apps reach Postgres only through it. */
export async function startCuttableProxy(targetPort: number): Promise<CuttableProxy> {
  const port = await freePort();
  const open = new Set<Socket>();
  let server: Server | undefined;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((client) => {
        const upstream = connect(targetPort, '127.0.0.1');
        open.add(client);
        open.add(upstream);
        const drop = () => {
          client.destroy();
          upstream.destroy();
          open.delete(client);
          open.delete(upstream);
        };
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
        client.pipe(upstream);
        upstream.pipe(client);
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  const cut = async () => {
    const s = server;
    server = undefined;
    for (const sock of open) sock.destroy();
    open.clear();
    if (s) await new Promise<void>((r) => s.close(() => r()));
  };
  await listen();
  return { port, cut, restore: listen, close: cut };
}

/** The same database URL, reached through another port. */
export function throughPort(url: string, port: number): string {
  const u = new URL(url);
  u.host = `127.0.0.1:${port}`;
  return u.toString();
}

// ---------------------------------------------------------------- service processes

export interface Service {
  name: string;
  child: ChildProcess;
  output: string[];
  exited: Promise<void>;
  alive(): boolean;
  kill(signal: NodeJS.Signals): Promise<void>;
}

export function startService(name: string, entry: string, env: Record<string, string>): Service {
  const child = spawn(process.execPath, [entry], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (d: Buffer) => {
    output.push(d.toString());
    if (output.length > 400) output.splice(0, output.length - 400);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    name,
    child,
    output,
    exited,
    alive,
    async kill(signal) {
      if (!alive()) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export async function waitHealthy(url: string, service: Service, timeoutMs = 90_000): Promise<void> {
  await waitFor(
    `${service.name} at ${url}`,
    async () => {
      if (!service.alive()) throw new Error(`${service.name} exited:\n${service.output.join('')}`);
      return (await fetch(`${url}/healthz`)).ok ? true : undefined;
    },
    timeoutMs,
    () => service.output.join('').slice(-4000),
  );
}

// ---------------------------------------------------------------- clients

export type Event = { event: string; payload: { replayId?: string; [k: string]: unknown }; at: number };

export interface Player {
  userId: string;
  token: string;
  socket: ClientSocket;
  events: Event[];
  /** Replay ids this player's socket saw `replay:done` or `replay:failed` for. */
  finished(): Map<string, Event>;
}

export function connectPlayer(
  url: string,
  userId: string,
  path_ = '/socket.io',
  extra: Partial<ManagerOptions & SocketOptions> = {},
): Player {
  const token = signSessionToken(SESSION_SECRET, userId, { ttlSeconds: 3600 });
  const socket = io(url, {
    ...extra,
    path: path_,
    auth: { token },
    reconnectionDelay: 200,
    reconnectionDelayMax: 1_000,
    timeout: 5_000,
  });
  const events: Event[] = [];
  socket.onAny((event: string, payload: Event['payload']) => events.push({ event, payload, at: Date.now() }));
  return {
    userId,
    token,
    socket,
    events,
    finished() {
      const out = new Map<string, Event>();
      for (const e of events)
        if ((e.event === 'replay:done' || e.event === 'replay:failed') && e.payload.replayId)
          out.set(e.payload.replayId, e);
      return out;
    },
  };
}

export function onceConnected(p: Player, timeoutMs = 15_000): Promise<void> {
  if (p.socket.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    let why = '';
    p.socket.on('connect_error', (e: Error & { description?: unknown; context?: unknown }) => {
      why = `${e.message} ${JSON.stringify(e.description ?? '')} ${String((e.context as { responseText?: string })?.responseText ?? '')}`;
    });
    const timer = setTimeout(
      () => reject(new Error(`socket of ${p.userId} did not connect: ${why}`)),
      timeoutMs,
    );
    p.socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export interface UploadAnswer {
  status: number;
  retryAfter: string | null;
  body: {
    batchId?: string;
    files?: Array<{
      fileName: string;
      outcome: string;
      replayId?: string;
      uploadItemId?: string;
      error?: { code: string; message: string };
    }>;
    error?: { code: string; message: string };
  };
}

/** POST /api/uploads with real files; a transport failure is answered as status 0 with code NETWORK. */
export async function uploadFiles(url: string, token: string, files: string[]): Promise<UploadAnswer> {
  const form = new FormData();
  for (const f of files) form.append('files', new Blob([await readFile(f)]), path.basename(f));
  try {
    const res = await fetch(`${url}/api/uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    let body: UploadAnswer['body'];
    try {
      body = JSON.parse(text) as UploadAnswer['body'];
    } catch {
      body = { error: { code: `HTTP_${res.status}`, message: text.slice(0, 200) } };
    }
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body };
  } catch (err) {
    return { status: 0, retryAfter: null, body: { error: { code: 'NETWORK', message: String(err) } } };
  }
}

/**
 * Upload like the web client does: a 503 / network failure of the whole batch, or single files
 * answered SERVICE_UNAVAILABLE, are sent again after a short jittered wait, up to `attempts` times.
 * Returns every answer (so a test can check each was a success or a clear error) and the files'
 * final outcomes.
 */
export async function uploadWithRetries(
  url: string | (() => string),
  token: string,
  files: string[],
  attempts = 12,
): Promise<{ answers: UploadAnswer[]; accepted: Map<string, string>; refused: Map<string, string> }> {
  const answers: UploadAnswer[] = [];
  const accepted = new Map<string, string>();
  const refused = new Map<string, string>();
  let pending = [...files];
  for (let i = 0; i < attempts && pending.length > 0; i++) {
    const a = await uploadFiles(typeof url === 'string' ? url : url(), token, pending);
    answers.push(a);
    const again: string[] = [];
    if (a.body.files) {
      for (const f of a.body.files) {
        const file = pending.find((p) => path.basename(p) === f.fileName)!;
        if ((f.outcome === 'accepted' || f.outcome === 'duplicate') && f.replayId)
          accepted.set(file, f.replayId);
        else if (f.error?.code === 'SERVICE_UNAVAILABLE') again.push(file);
        else refused.set(file, f.error?.code ?? 'UNKNOWN');
      }
    } else if (a.status === 503 || a.status === 0) {
      again.push(...pending);
    } else {
      for (const f of pending) refused.set(f, a.body.error?.code ?? `HTTP_${a.status}`);
    }
    pending = again;
    if (pending.length > 0) await new Promise((r) => setTimeout(r, 300 + Math.random() * 400));
  }
  for (const f of pending) refused.set(f, 'GAVE_UP');
  return { answers, accepted, refused };
}

/**
 * Scale-out through a real nginx: the shipped nginx/rlcoach.conf (only host names, ports and
 * certificate paths rewritten) in front of TWO realtime processes and a worker process that share
 * nothing but Postgres, Redis and an S3-compatible object store (STORAGE_DRIVER=s3, a local
 * s3rver): the originals a realtime node stores are read by the worker from the bucket.
 * Socket.IO clients connect through nginx over HTTPS, half of them on the long-polling transport
 * only (which breaks without sticky routing); one node stops; its clients reconnect through
 * nginx to the other node and keep receiving their replays' events.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Fetch } from 'engine.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Replay, User, UserKind } from '@rlcoach/db';
import { S3Storage } from '@rlcoach/db/storage/s3-storage';
import { createTestDatabase, type TestDatabase } from '@rlcoach/db/testing';
import { startLocalS3, type LocalS3 } from '@rlcoach/db/testing/s3-server';
import {
  REALTIME_MAIN,
  SESSION_SECRET,
  WORKER_MAIN,
  builtOrSkip,
  connectPlayer,
  distinctReplays,
  onceConnected,
  startService,
  uploadWithRetries,
  waitHealthy,
  type Player,
  type Service,
} from './fault-stack';
import { REPO_ROOT, freePort, removeRedisKeys, waitFor } from './support';

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));
const replays = distinctReplays();
const skip =
  builtOrSkip() ??
  (!NGINX ? 'nginx is not installed' : replays.length < 3 ? 'needs 3 distinct replays' : null);
if (skip) console.warn(`nginx-scale.test.ts skipped: ${skip}`);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PLAYERS = 12;

describe.skipIf(skip !== null)('two realtime nodes behind the shipped nginx config', () => {
  const id = `scale-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  let db: TestDatabase;
  let s3: LocalS3;
  let dir: string;
  let nginx: ChildProcess;
  let base: string;
  const nodes: Service[] = [];
  const services: Service[] = [];
  const players: Player[] = [];
  const logs = () => services.map((s) => `--- ${s.name}\n${s.output.join('').slice(-2500)}`).join('\n');
  let previousTls: string | undefined;

  beforeAll(async () => {
    // nginx serves a self-signed certificate: trust it in this process only.
    previousTls = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    db = await createTestDatabase('scale');
    s3 = await startLocalS3();
    dir = await mkdtemp(path.join(os.tmpdir(), 'rlcoach-scale-'));
    const [portA, portB, httpPort, httpsPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    const common = {
      DATABASE_URL: db.url,
      REDIS_URL,
      BULLMQ_PREFIX: `rlcoach-${id}`,
      SOCKET_IO_KEY: `rlcoach-${id}.io`,
      SESSION_SECRET,
      // No shared directory between the processes: originals live in the bucket only.
      STORAGE_DIR: path.join(dir, 'unused'),
      ...s3.env(id),
    };
    const realtimeEnv = (port: number) => ({
      ...common,
      REALTIME_PORT: String(port),
      REALTIME_HOST: '127.0.0.1',
      REALTIME_REQUIRE_SESSION: '0',
      TRUSTED_PROXY_HOPS: '1',
      WEB_ORIGIN: `https://127.0.0.1:${httpsPort}`,
      UPLOAD_TMP_DIR: path.join(dir, `tmp-${port}`),
    });
    for (const [name, port] of [
      ['realtime-a', portA],
      ['realtime-b', portB],
    ] as const) {
      const node = startService(name, REALTIME_MAIN, realtimeEnv(port));
      nodes.push(node);
      services.push(node);
    }
    services.push(
      startService('worker', WORKER_MAIN, { ...common, WORKER_LOCK_MS: '5000', OUTBOX_RELAY_MS: '250' }),
    );
    await Promise.all([
      waitHealthy(`http://127.0.0.1:${portA}`, nodes[0]!),
      waitHealthy(`http://127.0.0.1:${portB}`, nodes[1]!),
    ]);

    // The shipped site config; only what cannot run here is rewritten.
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-keyout',
        path.join(dir, 'privkey.pem'),
        '-out',
        path.join(dir, 'fullchain.pem'),
      ],
      { stdio: 'ignore' },
    );
    const shipped = await readFile(path.join(REPO_ROOT, 'nginx/rlcoach.conf'), 'utf8');
    const site = shipped
      .replace('server web:3000;', `server 127.0.0.1:9;`)
      .replace('server realtime:3001;', `server 127.0.0.1:${portA}; server 127.0.0.1:${portB};`)
      .replace('listen 80;', `listen 127.0.0.1:${httpPort};`)
      .replace('listen 443 ssl;', `listen 127.0.0.1:${httpsPort} ssl;`)
      .replaceAll('/etc/nginx/certs/', `${dir}/`)
      .replaceAll(
        '/etc/nginx/snippets/rlcoach-client-address.conf',
        path.join(REPO_ROOT, 'nginx/client-address.conf'),
      );
    expect(site.replace(/#.*$/gm, '')).not.toMatch(/realtime:3001|web:3000|\/etc\/nginx/);
    await writeFile(path.join(dir, 'site.conf'), site);
    const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
      .map((t) => `${t}_temp_path ${dir}/${t};`)
      .join(' ');
    await writeFile(
      path.join(dir, 'nginx.conf'),
      `daemon off;\nworker_processes 1;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log warn;\n` +
        `events { worker_connections 1024; }\nhttp {\n  access_log off;\n  ${temp}\n  include ${dir}/site.conf;\n}\n`,
    );
    nginx = spawn(NGINX!, ['-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: 'ignore' });
    base = `https://127.0.0.1:${httpsPort}`;
    await waitFor(
      'nginx',
      async () => ((await fetch(`${base}/healthz`).catch(() => null)) ? true : undefined),
      10_000,
    );
  }, 180_000);

  afterAll(async () => {
    for (const p of players) p.socket.disconnect();
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((r) => nginx.once('exit', r));
      nginx.kill('SIGTERM');
      await exited;
    }
    await Promise.allSettled(services.map((s) => s.kill('SIGKILL')));
    await db?.drop().catch(() => {});
    await removeRedisKeys(REDIS_URL, [`rlcoach-${id}*`]).catch(() => {});
    await s3?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    if (previousTls === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    else process.env.NODE_TLS_REJECT_UNAUTHORIZED = previousTls;
  }, 60_000);

  it('gives a new client the affinity cookie that keeps its polling session on one node', async () => {
    // Ten fresh clients: handshake without a cookie, then poll with the cookie nginx set. A poll that
    // reached the other node would be answered 400 "Session ID unknown" (half the time if unsticky).
    for (let i = 0; i < 10; i++) {
      const hello = await fetch(`${base}/socket.io/?EIO=4&transport=polling`);
      expect(hello.status).toBe(200);
      const setCookie = hello.headers.get('set-cookie') ?? '';
      expect(setCookie).toMatch(/^rlcoach_rt=[0-9a-f]{32}; Path=\/socket\.io\/; Secure; HttpOnly/);
      const sid = (JSON.parse((await hello.text()).slice(1)) as { sid: string }).sid;
      const cookie = setCookie.split(';')[0]!;
      const post = await fetch(`${base}/socket.io/?EIO=4&transport=polling&sid=${sid}`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'text/plain;charset=UTF-8' },
        body: '1', // engine.io "close": ends the session politely
      });
      expect(post.status, await post.text()).toBe(200);
    }
  });

  it('spreads sockets over both nodes, survives one node stopping, and keeps delivering events', async () => {
    const em = db.orm.em.fork();
    for (let i = 0; i < PLAYERS; i++) {
      const user = em.create(User, { displayName: `P${i}`, kind: UserKind.Member } as User);
      await em.flush();
      // Half of them poll only (the fallback when WebSocket is blocked): every request of theirs must
      // reach the same node. Like a browser, they keep the affinity cookie nginx sets (a cookie jar).
      const polling = i % 2 === 0;
      players.push(
        connectPlayer(
          base,
          user.id,
          '/socket.io',
          polling
            ? { transports: [Fetch], withCredentials: true }
            : // The web app's own client: WebSocket first, polling only as the fallback.
              { transports: ['websocket', 'polling'], rejectUnauthorized: false },
        ),
      );
    }
    await Promise.all(players.map((p) => onceConnected(p)));
    const drops = new Map<Player, number>();
    const reasons: string[] = [];
    for (const [i, p] of players.entries())
      p.socket.on('disconnect', (reason, detail) => {
        drops.set(p, (drops.get(p) ?? 0) + 1);
        reasons.push(`${i % 2 === 0 ? 'polling' : 'ws'}: ${reason} ${JSON.stringify(detail ?? '')}`);
      });
    // Long polling through nginx holds: no client loses its session for two seconds of polls.
    await new Promise((r) => setTimeout(r, 2000));
    expect(reasons, 'polling sessions broken: routing is not sticky').toEqual([]);

    // Stop node A as an operator would (SIGTERM). Its clients drop and come back through nginx.
    await nodes[0]!.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1500));
    const moved = players.filter((p) => drops.has(p));
    const stayed = players.filter((p) => !drops.has(p));
    expect(moved.length, 'every client was on one node: the hash did not spread them').toBeGreaterThan(0);
    expect(stayed.length, 'every client was on node A: the hash did not spread them').toBeGreaterThan(0);
    await waitFor(
      'every client reconnected',
      () => (players.every((p) => p.socket.connected) ? true : undefined),
      20_000,
      logs,
    );

    // A moved player and one that stayed upload through nginx; each sees its replay finish live.
    const uploaders = [moved[0]!, moved[1] ?? stayed[1]!, stayed[0]!];
    const done = await Promise.all(
      uploaders.map(async (p, i) => {
        const r = await uploadWithRetries(base, p.token, [replays[i]!]);
        expect([...r.refused]).toEqual([]);
        const replayId = [...r.accepted.values()][0]!;
        await waitFor(`replay:done for ${p.userId}`, () => p.finished().get(replayId), 150_000, logs);
        return { p, replayId };
      }),
    );
    for (const { p, replayId } of done) {
      expect(p.finished().get(replayId)!.event).toBe('replay:done');
      expect(p.events.some((e) => e.event === 'replay:progress' && e.payload.replayId === replayId)).toBe(
        true,
      );
      // The original went to the bucket, not to a shared disk.
      const row = await db.orm.em.fork().findOneOrFail(Replay, replayId);
      const store = new S3Storage(s3.options(id));
      expect(await store.has(row.storageKey)).toBe(true);
      store.close();
    }
    // Nobody else got those events.
    const mine = new Set(done.map((d) => d.replayId));
    for (const p of players.filter((x) => !uploaders.includes(x)))
      expect(p.events.filter((e) => e.payload?.replayId && mine.has(e.payload.replayId))).toEqual([]);
  }, 300_000);
});

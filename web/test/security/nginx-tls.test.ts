/**
 * Issue #11 item 5, the proxy: the shipped nginx/rlcoach.conf, run by a real nginx on
 * loopback with a self-signed certificate. Only what cannot run here is rewritten:
 * the upstream host names (Docker's `web`/`realtime`) become two local HTTP servers,
 * the listen ports become free ports and the certificate paths point at the test's
 * files. Checks: `nginx -t`, 80 → 443, HSTS, TLS 1.2/1.3 only with forward-secret
 * AEAD suites, no session tickets, and the proxying itself.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http, { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import https from 'node:https';
import { createServer as netServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../e2e/fixtures';

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => {
  try {
    execFileSync(p, ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});
if (!NGINX)
  console.warn('nginx TLS test skipped: nginx is not installed (scripts/test.sh runs ensure_nginx)');

let dir: string;
let nginx: ChildProcess | undefined;
const upstreams: Server[] = [];
let httpPort: number;
let httpsPort: number;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = netServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function upstream(name: string): Promise<number> {
  const server = createServer((req, res) => {
    res
      .writeHead(200, { 'content-type': 'text/plain' })
      .end(`${name} ${req.url} proto=${req.headers['x-forwarded-proto'] ?? ''}`);
  });
  upstreams.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as { port: number }).port;
}

function nginxArgs(...extra: string[]): string[] {
  return ['-p', dir, '-c', path.join(dir, 'nginx.conf'), ...extra];
}

beforeAll(async () => {
  if (!NGINX) return;
  dir = mkdtempSync(path.join(os.tmpdir(), 'rlcoach-nginx-'));
  mkdirSync(path.join(dir, 'certs'));
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
      path.join(dir, 'certs/privkey.pem'),
      '-out',
      path.join(dir, 'certs/fullchain.pem'),
    ],
    { stdio: 'ignore' },
  );
  const [webPort, realtimePort] = [await upstream('web'), await upstream('realtime')];
  [httpPort, httpsPort] = [await freePort(), await freePort()];
  const shipped = readFileSync(path.join(REPO_ROOT, 'nginx/rlcoach.conf'), 'utf8');
  const site = shipped
    .replace('server web:3000;', `server 127.0.0.1:${webPort};`)
    .replace('server realtime:3001;', `server 127.0.0.1:${realtimePort};`)
    .replace('listen 80;', `listen 127.0.0.1:${httpPort};`)
    .replace('listen 443 ssl;', `listen 127.0.0.1:${httpsPort} ssl;`)
    .replaceAll('/etc/nginx/certs/', `${dir}/certs/`)
    .replaceAll(
      '/etc/nginx/snippets/rlcoach-client-address.conf',
      path.join(REPO_ROOT, 'nginx/client-address.conf'),
    );
  const directives = site.replace(/#.*$/gm, '');
  expect(directives).not.toMatch(
    /web:3000|realtime:3001|listen 80;|listen 443|\/etc\/nginx\/certs|\/etc\/nginx\/snippets/,
  );
  writeFileSync(path.join(dir, 'rlcoach.conf'), site);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((t) => `${t}_temp_path ${dir}/${t};`)
    .join('\n  ');
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    `daemon off;\nworker_processes 1;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\n` +
      `events {}\nhttp {\n  access_log off;\n  ${temp}\n  include ${dir}/rlcoach.conf;\n}\n`,
  );
  nginx = spawn(NGINX, nginxArgs(), { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  nginx.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  for (let i = 0; i < 100; i++) {
    try {
      await new Promise<void>((resolve, reject) => {
        const s = tls.connect({ host: '127.0.0.1', port: httpsPort, rejectUnauthorized: false }, () => {
          s.end();
          resolve();
        });
        s.once('error', reject);
      });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const log = path.join(dir, 'error.log');
  throw new Error(
    `nginx did not come up:\n${stderr}\n${existsSync(log) ? readFileSync(log, 'utf8') : '(no error.log)'}`,
  );
});

afterAll(async () => {
  if (nginx && nginx.exitCode === null) {
    const exited = new Promise((r) => nginx!.once('exit', r));
    nginx.kill('SIGTERM');
    await exited;
  }
  for (const s of upstreams) s.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function get(url: string): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const onResponse = (res: IncomingMessage) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    };
    const req = url.startsWith('https:')
      ? https.get(url, { rejectUnauthorized: false }, onResponse)
      : http.get(url, onResponse);
    req.on('error', reject);
  });
}

function handshake(
  options: tls.ConnectionOptions,
): Promise<{ protocol: string | null; cipher: string; ticket: boolean }> {
  return new Promise((resolve, reject) => {
    const s = tls.connect(
      { host: '127.0.0.1', port: httpsPort, rejectUnauthorized: false, ...options },
      () => {
        const result = {
          protocol: s.getProtocol(),
          cipher: s.getCipher().name,
          ticket: Boolean(s.getTLSTicket()),
        };
        s.end();
        resolve(result);
      },
    );
    s.once('error', reject);
  });
}

describe.skipIf(!NGINX)('nginx: HTTPS in front of web and realtime', () => {
  it('passes nginx -t', () => {
    const out = execFileSync(NGINX!, nginxArgs('-t'), {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(out).toBe('');
  });

  it('sends plain HTTP to HTTPS, path and query kept', async () => {
    const res = await get(`http://127.0.0.1:${httpPort}/replays?page=2`);
    expect(res.status).toBe(301);
    expect(res.headers.location).toBe('https://127.0.0.1/replays?page=2');
  });

  it('proxies web and realtime over HTTPS with HSTS on every answer', async () => {
    const web = await get(`https://127.0.0.1:${httpsPort}/replays`);
    expect(web.body).toBe('web /replays proto=https');
    const rt = await get(`https://127.0.0.1:${httpsPort}/socket.io/?EIO=4`);
    expect(rt.body).toMatch(/^realtime \/socket\.io\//);
    for (const res of [web, rt]) {
      const hsts = String(res.headers['strict-transport-security'] ?? '');
      expect(Number(/max-age=(\d+)/.exec(hsts)?.[1])).toBeGreaterThanOrEqual(31_536_000);
    }
  });

  it('speaks TLS 1.2 and 1.3 only, with forward-secret AEAD suites', async () => {
    expect((await handshake({ minVersion: 'TLSv1.3' })).protocol).toBe('TLSv1.3');
    const v12 = await handshake({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' });
    expect(v12.protocol).toBe('TLSv1.2');
    expect(v12.cipher).toMatch(/^ECDHE-(RSA|ECDSA)-(AES\d+-GCM-SHA\d+|CHACHA20-POLY1305)$/);
    await expect(
      handshake({ minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'ALL:@SECLEVEL=0' }),
    ).rejects.toThrow();
    // Non-forward-secret (RSA key exchange) and CBC suites are refused.
    await expect(
      handshake({ maxVersion: 'TLSv1.2', ciphers: 'AES128-GCM-SHA256:AES256-SHA' }),
    ).rejects.toThrow();
    await expect(handshake({ maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-SHA' })).rejects.toThrow();
  });

  it('issues no TLS session tickets', async () => {
    expect((await handshake({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' })).ticket).toBe(false);
  });
});

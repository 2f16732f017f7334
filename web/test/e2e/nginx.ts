/**
 * A real nginx on loopback in front of a test stack, proxying with the production header lines:
 * every location includes nginx/client-address.conf, the same file nginx/rlcoach.conf includes.
 * Everything it writes (config, pid, logs, temp bodies) lives in its own temp directory; it runs
 * in the foreground as the current user and is stopped by the caller.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './fixtures';

export const CLIENT_ADDRESS_SNIPPET = path.join(REPO_ROOT, 'nginx/client-address.conf');

export interface Nginx {
  url: string;
  port: number;
  errorLog(): Promise<string>;
  stop(): Promise<void>;
}

/** The nginx binary, or undefined (`scripts/test.sh` installs it through ensure_nginx). */
export function nginxBinary(): string | undefined {
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/local/sbin']) {
    const candidate = path.join(dir, 'nginx');
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

export async function startNginx(upstreams: { webPort: number; realtimePort: number }): Promise<Nginx> {
  const binary = nginxBinary();
  if (!binary) throw new Error('nginx is not installed (scripts/test.sh runs ensure_nginx)');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rlcoach-nginx-'));
  const port = await freePort();
  const include = `include ${CLIENT_ADDRESS_SNIPPET};`;
  // The location shapes of nginx/rlcoach.conf; only the upstream addresses and the listener differ.
  const config = `
daemon off;
master_process off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream rlcoach_web      { server 127.0.0.1:${upstreams.webPort}; keepalive 16; }
  upstream rlcoach_realtime { ip_hash; server 127.0.0.1:${upstreams.realtimePort}; }
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  server {
    listen 127.0.0.1:${port};
    location = /api/uploads {
      client_max_body_size 510m;
      proxy_request_buffering off;
      proxy_pass http://rlcoach_realtime;
      proxy_set_header Host $host;
      ${include}
      proxy_set_header X-Forwarded-Proto $scheme;
    }
    location /socket.io/ {
      proxy_pass http://rlcoach_realtime;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $host;
      ${include}
      proxy_buffering off;
    }
    location / {
      client_max_body_size 1m;
      proxy_pass http://rlcoach_web;
      proxy_http_version 1.1;
      proxy_set_header Connection '';
      proxy_set_header Host $host;
      ${include}
      proxy_set_header X-Forwarded-Proto $scheme;
    }
  }
}
`;
  const confPath = path.join(dir, 'nginx.conf');
  await writeFile(confPath, config);
  const errorLog = () => readFile(path.join(dir, 'error.log'), 'utf8').catch(() => '');
  const output: string[] = [];
  const child: ChildProcess = spawn(binary, ['-p', dir, '-c', confPath, '-e', path.join(dir, 'error.log')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (c: Buffer) => output.push(c.toString()));
  child.stderr?.on('data', (c: Buffer) => output.push(c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 10_000;
  while (!(await listening(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      const why = `${output.join('')}\n${await errorLog()}`;
      await stop();
      throw new Error(`nginx did not start on 127.0.0.1:${port}:\n${why}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url: `http://127.0.0.1:${port}`, port, errorLog, stop };
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

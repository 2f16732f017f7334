/**
 * docker-compose.prod.yml and the Dockerfile: `compose config` (no container engine needed)
 * validates the file and resolves it; the resolved stack must have what production needs.
 * Uses `docker compose` (v2 plugin) when present, else Debian's `docker-compose`
 * (scripts/test.sh installs it).
 */
import { execFile, spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support';

const run = promisify(execFile);
const COMPOSE_FILE = path.join(REPO_ROOT, 'docker-compose.prod.yml');
const REQUIRED = {
  POSTGRES_PASSWORD: 'pg-secret-from-env',
  SESSION_SECRET: 'session-secret-from-env',
  AUTH_SECRET: 'auth-secret-from-env-0123456789abcdef',
  PUBLIC_URL: 'https://rlcoach.example',
};

interface Service {
  image?: string;
  build?: { target?: string };
  restart?: string;
  command?: string[];
  environment?: Record<string, string | null>;
  healthcheck?: { test: string[] };
  deploy?: { replicas?: number | string };
  volumes?: Array<string | { source?: string; target: string }>;
}

/** The compose command available here: [program, ...leading args]. */
function composeCommand(): string[] {
  if (spawnSync('docker', ['compose', 'version']).status === 0) return ['docker', 'compose'];
  if (spawnSync('docker-compose', ['version']).status === 0) return ['docker-compose'];
  throw new Error(
    'neither `docker compose` nor `docker-compose` is installed (scripts/test.sh installs docker-compose)',
  );
}

/** `config` with only the given environment (plus PATH): resolves, validates and prints the stack. */
async function composeConfig(env: Record<string, string>): Promise<string> {
  const [cmd, ...args] = composeCommand();
  const { stdout } = await run(cmd, [...args, '-f', COMPOSE_FILE, 'config'], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
  });
  return stdout;
}

/** The resolved YAML as JSON (PyYAML ships with docker-compose; v2's output is plain YAML too). */
async function yamlToJson(yaml: string): Promise<{ services: Record<string, Service>; volumes: object }> {
  const child = execFile('python3', [
    '-c',
    'import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)',
  ]);
  const out: Buffer[] = [];
  child.stdout?.on('data', (c: Buffer) => out.push(Buffer.from(c)));
  child.stdin?.end(yaml);
  const code = await new Promise((r) => child.once('exit', r));
  if (code !== 0) throw new Error('python3 with PyYAML is needed to read the resolved compose file');
  return JSON.parse(Buffer.concat(out).toString('utf8'));
}

describe('docker-compose.prod.yml', () => {
  let services: Record<string, Service>;

  beforeAll(async () => {
    const resolved = await composeConfig({ ...REQUIRED, WORKER_REPLICAS: '3' });
    services = (await yamlToJson(resolved)).services;
  });

  it('validates and holds the whole production stack', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['migrate', 'nginx', 'postgres', 'realtime', 'redis', 'web', 'worker'].sort(),
    );
    expect(Number(services.realtime.deploy?.replicas)).toBe(2);
    expect(Number(services.worker.deploy?.replicas)).toBe(3); // WORKER_REPLICAS
    for (const name of ['web', 'realtime', 'worker', 'nginx', 'postgres', 'redis'])
      expect(services[name].restart, name).toBe('unless-stopped');
    expect(services.migrate.restart).toBe('no');
    for (const name of ['web', 'realtime', 'nginx', 'postgres', 'redis'])
      expect(services[name].healthcheck?.test?.length, `${name} healthcheck`).toBeGreaterThan(0);
  });

  it('runs Redis without eviction and with the append-only file', () => {
    const cmd = services.redis.command ?? [];
    expect(cmd[cmd.indexOf('--maxmemory-policy') + 1]).toBe('noeviction');
    expect(cmd[cmd.indexOf('--appendonly') + 1]).toBe('yes');
  });

  it('takes every secret from the environment', () => {
    for (const name of ['migrate', 'web', 'realtime', 'worker']) {
      const env = services[name].environment ?? {};
      expect(env.SESSION_SECRET, name).toBe(REQUIRED.SESSION_SECRET);
      expect(env.AUTH_SECRET, name).toBe(REQUIRED.AUTH_SECRET);
      expect(env.DATABASE_URL, name).toContain(`:${REQUIRED.POSTGRES_PASSWORD}@postgres:5432/`);
      expect(env.TRUSTED_PROXY_HOPS, name).toBe('1');
    }
    expect(services.postgres.environment?.POSTGRES_PASSWORD).toBe(REQUIRED.POSTGRES_PASSWORD);
  });

  it.each(Object.keys(REQUIRED))('refuses to resolve without %s, naming it', async (missing) => {
    const env: Record<string, string> = { ...REQUIRED };
    delete env[missing];
    await expect(composeConfig(env)).rejects.toMatchObject({
      stderr: expect.stringContaining(`set ${missing}`),
    });
  });

  it('mounts the TLS certificate and the client-address snippet nginx/rlcoach.conf includes', async () => {
    const mounts = (services.nginx.volumes ?? []).map((v) => (typeof v === 'string' ? v : `:${v.target}`));
    const conf = await readFile(path.join(REPO_ROOT, 'nginx/rlcoach.conf'), 'utf8');
    const include = /include (\S+);/.exec(conf)?.[1];
    expect(include).toBe('/etc/nginx/snippets/rlcoach-client-address.conf');
    expect(mounts.some((m) => m.includes(`:${include}`))).toBe(true);
    expect(mounts.some((m) => m.includes(':/etc/nginx/certs'))).toBe(true);
    expect(mounts.some((m) => m.includes(':/etc/nginx/conf.d/default.conf'))).toBe(true);
  });

  it('builds each app service from a Dockerfile target that runs as the non-root user', async () => {
    const dockerfile = await readFile(path.join(REPO_ROOT, 'Dockerfile'), 'utf8');
    // stage name → the stage it starts FROM, and whether it sets USER node itself.
    const stages = new Map<string, { from: string; user: boolean }>();
    let current = '';
    for (const line of dockerfile.split('\n')) {
      const from = /^FROM\s+(\S+)\s+AS\s+(\S+)/i.exec(line);
      if (from) {
        current = from[2];
        stages.set(current, { from: from[1], user: false });
      } else if (/^USER\s+node\b/.test(line) && current) stages.get(current)!.user = true;
    }
    const runsAsNode = (stage: string): boolean => {
      const s = stages.get(stage);
      return s !== undefined && (s.user || runsAsNode(s.from));
    };
    for (const name of ['migrate', 'web', 'realtime', 'worker']) {
      const target = services[name].build?.target;
      expect(target, name).toBe(name);
      expect(stages.has(target!), `Dockerfile stage ${target}`).toBe(true);
      expect(runsAsNode(target!), `${target} runs as node`).toBe(true);
      expect(services[name].image, name).toMatch(new RegExp(`^rlcoach-${name}:`));
    }
  });
});

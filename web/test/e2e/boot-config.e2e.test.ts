/**
 * A built service refuses to START without its secrets (it does not fail later, per request), and
 * development conveniences are an explicit opt-in. Each built entry point is spawned as production
 * would run it, and must exit non-zero naming the missing variable.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '@rlcoach/db/testing';
import { ENTRY, missingBuilds } from './stack';
import { REPO_ROOT } from './fixtures';

interface Exit {
  code: number | null;
  output: string;
}

/** Run one built entry point with exactly `env` (plus PATH); kill it if it is still up after 90 s (a loaded machine is slow to load modules). */
function runUntilExit(entry: string, env: NodeJS.ProcessEnv): Promise<Exit> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [entry], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const missing = missingBuilds();
const SECRET = 'boot-test-secret-0123456789abcdef0123456789';

describe.skipIf(missing.length > 0)('production boot without secrets', () => {
  const cases: Array<[keyof typeof ENTRY, string[]]> = [
    ['web', ['SESSION_SECRET', 'AUTH_SECRET', 'DATABASE_URL']],
    ['realtime', ['SESSION_SECRET', 'DATABASE_URL']],
    ['worker', ['DATABASE_URL']],
  ];
  for (const [name, variables] of cases) {
    it(`${name} exits non-zero at boot, naming ${variables.join(', ')}`, async () => {
      // A free port for web (it must not even get to listen).
      const { code, output } = await runUntilExit(ENTRY[name], {
        NODE_ENV: 'production',
        PORT: '0',
        HOST: '127.0.0.1',
        REALTIME_PORT: '0',
      });
      expect(code, output).not.toBe(0);
      expect(code, output).not.toBeNull(); // it exited by itself, not by our kill
      for (const v of variables) expect(output).toContain(`${v} is required`);
    });
  }

  it('each service also refuses RLCOACH_DEV=1 in production, even with every secret given', async () => {
    const names = ['web', 'realtime', 'worker'] as const;
    const exits = await Promise.all(
      names.map((name) =>
        runUntilExit(ENTRY[name], {
          NODE_ENV: 'production',
          RLCOACH_DEV: '1',
          SESSION_SECRET: SECRET,
          AUTH_SECRET: SECRET,
          DATABASE_URL: 'postgres://rlcoach:rlcoach@127.0.0.1:5432/rlcoach_none',
          PORT: '0',
          HOST: '127.0.0.1',
          REALTIME_PORT: '0',
        }),
      ),
    );
    exits.forEach(({ code, output }, i) => {
      expect(code, `${names[i]}: ${output}`).not.toBe(0);
      expect(code, output).not.toBeNull();
      expect(output, names[i]).toContain('RLCOACH_DEV=1');
    });
  });
});

describe.skipIf(missing.length > 0)('development sign-in without RLCOACH_DEV', () => {
  it('is absent from a web server started with its secrets but without the opt-in', async () => {
    const db = await createTestDatabase('boot_nodev');
    const port = 30_000 + Math.floor(Math.random() * 20_000);
    const child = spawn(process.execPath, [ENTRY.web], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        SESSION_SECRET: SECRET,
        AUTH_SECRET: SECRET,
        DATABASE_URL: db.url,
        REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
        RATE_LIMIT_PREFIX: `boot-nodev-${process.pid}-${port}`,
        PORT: String(port),
        HOST: '127.0.0.1',
        ORIGIN: `http://127.0.0.1:${port}`,
      },
      stdio: 'ignore',
    });
    try {
      const base = `http://127.0.0.1:${port}`;
      const deadline = Date.now() + 30_000;
      for (;;) {
        try {
          if ((await fetch(`${base}/healthz`)).ok) break;
        } catch {
          // not listening yet
        }
        if (Date.now() > deadline) throw new Error('web did not start');
        await new Promise((r) => setTimeout(r, 200));
      }
      const res = await fetch(`${base}/signin/dev`, {
        method: 'POST',
        body: new URLSearchParams({ name: 'Intruder', next: '/' }),
        headers: { origin: base },
        redirect: 'manual',
      });
      expect(res.status).toBe(404);
      expect(res.headers.get('set-cookie')).toBeNull();
      const page = await (await fetch(`${base}/signin`)).text();
      expect(page).not.toContain('Sign in as test user');
    } finally {
      child.kill('SIGTERM');
      await db.drop();
    }
  });
});

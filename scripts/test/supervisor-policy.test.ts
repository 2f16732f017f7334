/**
 * The supervisor's policies on small real child processes: the backoff doubles over quick
 * crashes up to its cap, and stop() SIGKILLs a child that ignores SIGTERM once the grace
 * period is over. (The full stack under run-all.mjs is supervisor.test.ts.)
 */
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without type declarations
import { Supervisor, restartDelay } from '../lib/supervisor.mjs';
import { REPO_ROOT, isAlive, waitFor } from './support';

type SupervisorLike = { start(spec: object): void; stop(): Promise<void> };

function supervisor(messages: string[], overrides: object = {}): SupervisorLike {
  return new Supervisor({
    cwd: REPO_ROOT,
    backoffBaseMs: 100,
    backoffMaxMs: 400,
    stableAfterMs: 60_000,
    stopGraceMs: 500,
    log: (m: string) => messages.push(m),
    ...overrides,
  });
}

describe('supervisor policies', () => {
  it('doubles the restart delay up to the cap', () => {
    const backoff = { baseMs: 1000, maxMs: 30_000 };
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => restartDelay(n, backoff))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000,
    ]);
  });

  it('restarts a crash-looping child with growing delays', async () => {
    const messages: string[] = [];
    const s = supervisor(messages);
    s.start({ name: 'crasher', args: ['-e', 'process.exit(3)'], env: process.env, output: () => {} });
    await waitFor('five restarts', () =>
      messages.filter((m) => m.includes('restarting in')).length >= 5 ? true : undefined,
    );
    await s.stop();
    const delays = messages
      .map((m) => /exited \(code 3\).*restarting in ([\d.]+) s \(attempt (\d+)\)/.exec(m))
      .filter((m) => m !== null)
      .map((m) => Number(m[1]));
    expect(delays.slice(0, 5)).toEqual([0.1, 0.2, 0.4, 0.4, 0.4]);
  });

  it('starts the backoff over for a child that stayed up long enough', async () => {
    const messages: string[] = [];
    const s = supervisor(messages, { stableAfterMs: 300 });
    s.start({
      name: 'flaky',
      args: ['-e', 'setTimeout(() => process.exit(4), 400)'],
      env: process.env,
      output: () => {},
    });
    await waitFor('three restarts', () =>
      messages.filter((m) => m.includes('restarting in')).length >= 3 ? true : undefined,
    );
    await s.stop();
    const attempts = messages
      .map((m) => /exited \(code 4\).*restarting in 0\.1 s \(attempt (\d+)\)/.exec(m)?.[1])
      .filter((a) => a !== undefined);
    expect(attempts.slice(0, 3)).toEqual(['1', '1', '1']);
  });

  it('kills a child that ignores SIGTERM after the grace period', async () => {
    const messages: string[] = [];
    const s = supervisor(messages);
    let up = false;
    s.start({
      name: 'stubborn',
      args: [
        '-e',
        "process.on('SIGTERM', () => console.log('ignored')); console.log('up'); setInterval(() => {}, 1000)",
      ],
      env: process.env,
      // Only once its SIGTERM handler is installed does the child print 'up'.
      output: (line: string) => {
        if (line === 'up') up = true;
      },
    });
    await waitFor('the child to start', () => (up ? true : undefined));
    const pid = Number(/stubborn started \(pid (\d+)\)/.exec(messages.join('\n'))?.[1]);
    expect(isAlive(pid)).toBe(true);
    const started = Date.now();
    await s.stop();
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    expect(isAlive(pid)).toBe(false);
    expect(messages.some((m) => m.includes('stubborn did not stop within 500 ms; killing it'))).toBe(true);
  });
});

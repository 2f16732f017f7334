// Keeps a set of child processes running: a child that exits on its own is started
// again after a backoff delay that doubles with each quick crash (and resets once the
// child has stayed up long enough), the others keep running, and `stop()` forwards
// SIGTERM to every child, waits for them, then SIGKILLs whatever is left.
// No dependency on purpose: `npm start` runs this before anything else is installed.
import { spawn } from 'node:child_process';

/**
 * The delay before restart number `attempt` (1-based): base, 2×base, 4×base … capped at max.
 * @param {number} attempt
 * @param {{ baseMs: number, maxMs: number }} backoff
 */
export function restartDelay(attempt, { baseMs, maxMs }) {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
}

/**
 * @typedef {object} ServiceSpec
 * @property {string} name
 * @property {string[]} args       node arguments (the entry file first)
 * @property {NodeJS.ProcessEnv} env
 * @property {(line: string, stream: 'stdout' | 'stderr') => void} output
 *
 * @typedef {object} SupervisorOptions
 * @property {string} cwd
 * @property {number} backoffBaseMs   first restart delay
 * @property {number} backoffMaxMs    longest restart delay
 * @property {number} stableAfterMs   a child up this long counts as healthy again (backoff resets)
 * @property {number} stopGraceMs     how long `stop()` waits after SIGTERM before SIGKILL
 * @property {(message: string) => void} log
 */

export class Supervisor {
  /** @type {Map<string, { spec: ServiceSpec, child: import('node:child_process').ChildProcess | null, exited: Promise<void>, attempts: number, startedAt: number, timer: NodeJS.Timeout | null }>} */
  #services = new Map();
  #stopping = false;

  /** @param {SupervisorOptions} options */
  constructor(options) {
    this.options = options;
  }

  /** @param {ServiceSpec} spec */
  start(spec) {
    const state = { spec, child: null, exited: Promise.resolve(), attempts: 0, startedAt: 0, timer: null };
    this.#services.set(spec.name, state);
    this.#spawn(state);
  }

  #spawn(state) {
    const { spec } = state;
    const child = spawn(process.execPath, spec.args, {
      cwd: this.options.cwd,
      env: spec.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    state.child = child;
    state.startedAt = Date.now();
    forwardLines(child.stdout, (line) => spec.output(line, 'stdout'));
    forwardLines(child.stderr, (line) => spec.output(line, 'stderr'));
    this.options.log(`${spec.name} started (pid ${child.pid})`);
    state.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        resolve();
        if (!this.#stopping) this.#onCrash(state, code, signal);
      });
    });
  }

  #onCrash(state, code, signal) {
    const { name } = state.spec;
    const upMs = Date.now() - state.startedAt;
    // A child that ran for a while before failing starts over at the shortest delay.
    state.attempts = upMs >= this.options.stableAfterMs ? 1 : state.attempts + 1;
    const delay = restartDelay(state.attempts, {
      baseMs: this.options.backoffBaseMs,
      maxMs: this.options.backoffMaxMs,
    });
    this.options.log(
      `${name} exited (${signal ?? `code ${code}`}) after ${(upMs / 1000).toFixed(1)} s; ` +
        `restarting in ${(delay / 1000).toFixed(1)} s (attempt ${state.attempts})`,
    );
    state.child = null;
    state.timer = setTimeout(() => {
      state.timer = null;
      if (!this.#stopping) this.#spawn(state);
    }, delay);
  }

  /** SIGTERM to every child, wait up to stopGraceMs, then SIGKILL the rest. Resolves when all are gone. */
  async stop() {
    if (this.#stopping) return;
    this.#stopping = true;
    const states = [...this.#services.values()];
    for (const s of states) if (s.timer) clearTimeout(s.timer);
    const running = states.filter((s) => s.child && s.child.exitCode === null && s.child.signalCode === null);
    for (const s of running) s.child?.kill('SIGTERM');
    const allExited = Promise.all(running.map((s) => s.exited));
    let timer;
    const timedOut = new Promise((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.options.stopGraceMs);
    });
    if ((await Promise.race([allExited, timedOut])) === 'timeout') {
      for (const s of running) {
        if (s.child && s.child.exitCode === null && s.child.signalCode === null) {
          this.options.log(`${s.spec.name} did not stop within ${this.options.stopGraceMs} ms; killing it`);
          s.child.kill('SIGKILL');
        }
      }
      await allExited;
    }
    clearTimeout(timer);
  }
}

/** Calls `onLine` for every complete line the stream emits (and the unterminated tail at its end). */
function forwardLines(stream, onLine) {
  let buffered = '';
  stream.on('data', (chunk) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
  stream.on('end', () => {
    if (buffered) onLine(buffered);
  });
}

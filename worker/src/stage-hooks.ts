/**
 * The one extension point around the stages of a replay job, for tests that need a stage to be
 * slow or memory-hungry (timeouts, memory ceilings, crash recovery). Production installs nothing,
 * so every stage runs as is. A test entry installs hooks in the main thread with
 * `installStageHooks`, and in the compute threads through the pool's `threadPreload` module
 * (see worker/test/fixtures/stage-hooks.mjs).
 */

/** parse, analyse and track run in a compute thread; save runs in the main thread. */
export type StageName = 'parse' | 'analyse' | 'track' | 'save';

export interface StageHooks {
  /** Runs the stage: must call `run` once and return its result. */
  around<T>(stage: StageName, run: () => T | Promise<T>): Promise<T>;
}

let installed: StageHooks | undefined;

export function installStageHooks(hooks: StageHooks | undefined): void {
  installed = hooks;
}

export async function runStage<T>(stage: StageName, run: () => T | Promise<T>): Promise<T> {
  return installed ? installed.around(stage, run) : run();
}

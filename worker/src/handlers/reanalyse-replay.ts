/**
 * Handler for `replay.reanalyse`: a finished replay whose result predates the current
 * ANALYSIS_VERSION is parsed and analysed again from its stored original, exactly as
 * `replay.process` does, and its result, track, summaries and sessions are replaced in ONE
 * transaction. Idempotent: the version is re-checked under the row lock, so a second run (or a
 * replay already brought up to date) changes nothing.
 *
 * Never makes things worse: when the original is gone or no longer parses or analyses, the stored
 * result stays and the replay is marked current (`keepStoredResult`) so the sweep stops picking it;
 * the next ANALYSIS_VERSION bump tries it once more.
 */
import {
  markAnalysisCurrent,
  needsReanalysis,
  readReanalysisCandidate,
  replaceStaleResult,
  type MikroORM,
} from '@rlcoach/db';
import { ANALYSIS_VERSION } from '@rlcoach/parser/analysis/index';
import type { ReplayReanalyseResult } from '@rlcoach/db/contracts/jobs';
import { JobDeadline } from '../deadline.js';
import { transactionWithin } from '../deadline-transaction.js';
import { parseFailureReason } from '../errors.js';
import { buildScoreboard, scoreboardMatchOf } from '../scoreboard.js';
import { runStage } from '../stage-hooks.js';
import { analysedColumns, observeStages, type ProcessReplayDeps } from './process-replay.js';

export type ReanalyseDeps = Pick<ProcessReplayDeps, 'orm' | 'storage' | 'compute'>;

/**
 * Leave the stored result as it is but mark the replay current, so the sweep does not pick it
 * again (no-op when it is no longer stale). The caller logs why.
 */
export async function keepStoredResult(orm: MikroORM, replayId: string): Promise<boolean> {
  return markAnalysisCurrent(orm.em.fork(), replayId, ANALYSIS_VERSION);
}

const isMissingFile = (e: unknown) => (e as NodeJS.ErrnoException | null)?.code === 'ENOENT';

export async function reanalyseReplay(
  deps: ReanalyseDeps,
  replayId: string,
  deadline: JobDeadline = JobDeadline.none(),
): Promise<ReplayReanalyseResult> {
  const current: ReplayReanalyseResult = { replayId, outcome: 'current' };
  const replay = await readReanalysisCandidate(deps.orm.em.fork(), replayId);
  if (!replay || !needsReanalysis(replay, ANALYSIS_VERSION)) return current;
  const keep = async (reason: string): Promise<ReplayReanalyseResult> => {
    await keepStoredResult(deps.orm, replayId);
    return { replayId, outcome: 'kept', reason };
  };

  let bytes: Uint8Array;
  try {
    bytes = await deps.storage.get(replay.storageKey);
  } catch (e) {
    if (isMissingFile(e)) return keep(`the original file is missing (${replay.storageKey})`);
    throw e; // other I/O errors are transient: BullMQ retries
  }
  deadline.check();
  // A timeout or a crashed thread may pass on a less busy machine: BullMQ retries.
  const computed = await deps.compute.run(bytes, { signal: deadline.signal });
  if (!computed.ok) return keep(`the original no longer parses: ${parseFailureReason(computed)}`);
  observeStages(computed.timings);
  const { decoded, analysis, track } = computed;
  if (!analysis.ok) return keep(analysis.reason);
  const columns = analysedColumns(
    decoded,
    buildScoreboard(replayId, decoded.info, scoreboardMatchOf(analysis)),
    analysis,
  );

  return runStage('save', () =>
    transactionWithin(deps.orm, deadline, async (tx) => {
      // Under the row lock: concurrent runs serialise, and the version check makes the second a
      // no-op. A track failure keeps the stored track (best effort, as on upload).
      const replaced = await replaceStaleResult(tx, replayId, columns, track, ANALYSIS_VERSION);
      return replaced ? { replayId, outcome: 'reanalysed' as const } : current;
    }),
  );
}

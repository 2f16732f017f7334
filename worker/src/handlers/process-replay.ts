/**
 * Handler for `replay.process`, in stages: start the attempt (row → processing) → read the
 * original → compute (parse, analysis, track; in a compute thread) → save the result and the final
 * status in ONE transaction. The job's deadline covers all of them. Idempotent: a replay already
 * in a terminal state is left as is, so a job re-run after a crash never writes a second result.
 */
import { UnrecoverableError } from 'bullmq';
import {
  LockMode,
  ProcessingStage,
  Replay,
  ReplayResult,
  ReplayStatus,
  ReplayTrack,
  syncReplayOwners,
  type MikroORM,
} from '@rlcoach/db';
import type { NetworkSummary } from '@rlcoach/parser';
import { ANALYSIS_VERSION } from '@rlcoach/parser/analysis/index';
import type { AnalyseOutcome } from '../analyse.js';
import type { ComputeResult, ReplayCompute } from '../compute/task.js';
import type { ReplayProcessResult } from '@rlcoach/db/contracts/jobs';
import { JobDeadline } from '../deadline.js';
import { transactionWithin } from '../deadline-transaction.js';
import { parseFailureReason } from '../errors.js';
import type { DecodedSummary } from '../parse.js';
import { parserVersion } from '../parser-version.js';
import { buildScoreboard } from '../scoreboard.js';
import { mergeSameMatch } from '../dedupe/merge.js';
import { runStage } from '../stage-hooks.js';
import type { Scoreboard } from '@rlcoach/db/contracts/socket-events';
import type { ObjectStore } from '@rlcoach/db/storage/store';
import type { StoredTrack } from '../track.js';

export interface StageReport {
  stage: ProcessingStage;
  percent: number;
}

export interface ProcessReplayDeps {
  orm: MikroORM;
  storage: ObjectStore;
  /** Where the CPU work runs: the compute pool in the worker, inline in some tests. */
  compute: ReplayCompute;
  /** Live stage/percent for the uploader; must not throw and must not block. */
  report(progress: StageReport): void;
}

const TERMINAL: ReadonlySet<ReplayStatus> = new Set([
  ReplayStatus.Analysed,
  ReplayStatus.Partial,
  ReplayStatus.Failed,
]);

export function isTerminal(status: ReplayStatus): boolean {
  return TERMINAL.has(status);
}

type FinalStatus = ReplayProcessResult['status'];

/** Short, human-readable reason for a partially decoded network stream (details stay in the diagnostics). */
function partialReason(network: NetworkSummary): string {
  const pct = Math.floor(network.recoveredFraction * 100);
  const damaged = network.diagnostics.some((d) => d.code === 'CRC_MISMATCH');
  const why = damaged ? 'the file is damaged' : 'it contains game data this version cannot decode yet';
  return `Only ${pct}% of the match could be decoded because ${why}; the scoreboard comes from the replay header.`;
}

/**
 * What a finished parse and analysis write: the result row's columns and the replay row's
 * (final status and reason, header, timings, versions). Shared by `replay.process` and
 * `replay.reanalyse`, so a re-analysed replay stores exactly what a fresh upload would.
 */
export function analysedColumns(parsed: DecodedSummary, scoreboard: Scoreboard, analysis: AnalyseOutcome) {
  const status =
    parsed.network.status === 'partial' || !analysis.ok ? ReplayStatus.Partial : ReplayStatus.Analysed;
  const reason = !analysis.ok
    ? { error: analysis.reason, errorCode: 'ANALYSIS_FAILED' }
    : status === ReplayStatus.Partial
      ? { error: partialReason(parsed.network), errorCode: 'PARTIAL_NETWORK' }
      : { error: null, errorCode: null };
  return {
    result: {
      scoreboard: scoreboard as unknown as Record<string, unknown>,
      report: analysis.ok ? (analysis.report as unknown as Record<string, unknown>) : null,
      network: parsed.network as unknown as Record<string, unknown>,
      framesDecoded: parsed.network.framesDecoded,
      framesTotal: parsed.network.framesTotal,
    },
    replay: {
      status,
      stage: ProcessingStage.Done,
      ...reason,
      header: parsed.info as unknown as Record<string, unknown>,
      parseMs: parsed.parseMs,
      analyseMs: analysis.analyseMs,
      parserVersion: parserVersion(),
      analysisVersion: ANALYSIS_VERSION,
    },
  };
}

/** Mark a replay failed for good (no-op if it already reached a terminal state). */
export async function markFailed(
  orm: MikroORM,
  replayId: string,
  reason: string,
  code: string,
): Promise<boolean> {
  return orm.em.fork().transactional(async (em) => {
    const replay = await em.findOne(Replay, replayId, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!replay || isTerminal(replay.status)) return false;
    Object.assign(replay, {
      status: ReplayStatus.Failed,
      stage: ProcessingStage.Failed,
      error: reason,
      errorCode: code,
      finishedAt: new Date(),
    });
    return true;
  });
}

/** Stage 1: the row moves to `processing` and counts the attempt; a finished replay ends the job here. */
async function startAttempt(
  orm: MikroORM,
  replayId: string,
): Promise<{ storageKey: string } | { finished: FinalStatus }> {
  const em = orm.em.fork();
  const replay = await em.findOne(Replay, replayId);
  if (!replay) throw new UnrecoverableError(`replay ${replayId} does not exist`);
  if (isTerminal(replay.status)) return { finished: replay.status as FinalStatus };
  Object.assign(replay, {
    status: ReplayStatus.Processing,
    stage: ProcessingStage.Parsing,
    attempts: replay.attempts + 1,
    startedAt: new Date(),
  });
  await em.flush();
  return { storageKey: replay.storageKey };
}

/** Stage 3 outcome for a file that does not decode: failed once, never retried (same bytes, same failure). */
async function failUndecodable(
  orm: MikroORM,
  replayId: string,
  computed: Extract<ComputeResult, { ok: false }>,
): Promise<never> {
  const reason = parseFailureReason(computed);
  await markFailed(orm, replayId, reason, computed.code);
  throw new UnrecoverableError(reason);
}

/** Stage 4: result, track, final status, owners' summaries and sessions, in one transaction. */
async function saveResult(
  orm: MikroORM,
  replayId: string,
  computed: Extract<ComputeResult, { ok: true }>,
  deadline: JobDeadline,
): Promise<FinalStatus> {
  const columns = analysedColumns(
    computed.decoded,
    buildScoreboard(replayId, computed.decoded.info),
    computed.analysis,
  );
  const track: StoredTrack | null = computed.track;
  return runStage('save', () =>
    transactionWithin(orm, deadline, async (tx) => {
      // Row lock: two runs of the same job (a stalled one and its replacement) serialise here.
      const row = await tx.findOne(Replay, replayId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!row) throw new UnrecoverableError(`replay ${replayId} was deleted while processing`);
      if (isTerminal(row.status)) return row.status as FinalStatus;
      tx.create(ReplayResult, { replay: replayId, ...columns.result } as unknown as ReplayResult);
      if (track) tx.create(ReplayTrack, { replay: replayId, ...track } as unknown as ReplayTrack);
      Object.assign(row, { ...columns.replay, finishedAt: new Date() });
      // Owners' summary rows and play sessions land with the result, before "done" is announced,
      // so a dashboard reloading on replay:done already reads them.
      await tx.flush();
      await syncReplayOwners(tx, replayId);
      return columns.replay.status;
    }),
  );
}

export async function processReplay(
  deps: ProcessReplayDeps,
  replayId: string,
  deadline: JobDeadline = JobDeadline.none(),
): Promise<ReplayProcessResult> {
  const started = await startAttempt(deps.orm, replayId);
  if ('finished' in started) return { replayId, status: started.finished };
  deadline.check();
  deps.report({ stage: ProcessingStage.Parsing, percent: 0 });

  const bytes = await deps.storage.get(started.storageKey); // I/O errors are transient: BullMQ retries.
  deadline.check();
  const computed = await deps.compute.run(bytes, { signal: deadline.signal, onProgress: deps.report });
  if (!computed.ok) return failUndecodable(deps.orm, replayId, computed);

  deps.report({ stage: ProcessingStage.Saving, percent: 0 });
  const status = await saveResult(deps.orm, replayId, computed, deadline);
  // Decoded and saved: fold other uploads of exactly this match into one (the GUID alone proves
  // nothing; the comparison reads the stored rows, so it runs after the save).
  await mergeSameMatch(deps.orm, deps.storage, replayId);
  deps.report({ stage: ProcessingStage.Done, percent: 100 });
  return { replayId, status };
}

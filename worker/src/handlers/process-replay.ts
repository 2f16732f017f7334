/**
 * Handler for `replay.process`, in stages: start the attempt (row → processing) → read the
 * original → compute (parse, analysis, track; in a compute thread) → save the result and the final
 * status in ONE transaction. The job's deadline covers all of them. Idempotent: a replay already
 * in a terminal state is left as is, so a job re-run after a crash never writes a second result.
 */
import { stageDuration } from '@rlcoach/db/observability/metrics';
import { UnrecoverableError } from 'bullmq';
import {
  markReplayFailed,
  ProcessingStage,
  ReplayStatus,
  saveFirstResult,
  startReplayAttempt,
  type AnalysedColumns,
  type MikroORM,
} from '@rlcoach/db';
import type { NetworkSummary } from '@rlcoach/parser';
import { ANALYSIS_VERSION } from '@rlcoach/parser/analysis/index';
import type { AnalyseOutcome } from '../analyse.js';
import type { ComputeResult, ComputeTimings, ReplayCompute } from '../compute/task.js';
import type { ReplayProcessResult, ReplayStageTimings } from '@rlcoach/db/contracts/jobs';
import { JobDeadline } from '../deadline.js';
import { transactionWithin } from '../deadline-transaction.js';
import { parseFailureReason } from '../errors.js';
import type { DecodedSummary } from '../parse.js';
import { parserVersion } from '../parser-version.js';
import { buildScoreboard, scoreboardMatchOf } from '../scoreboard.js';
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
export function analysedColumns(
  parsed: DecodedSummary,
  scoreboard: Scoreboard,
  analysis: AnalyseOutcome,
): AnalysedColumns {
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
  return markReplayFailed(orm.em.fork(), replayId, reason, code);
}

/** Stage 1: the row moves to `processing` and counts the attempt; a finished replay ends the job here. */
async function startAttempt(
  orm: MikroORM,
  replayId: string,
): Promise<{ storageKey: string } | { finished: FinalStatus }> {
  const started = await startReplayAttempt(orm.em.fork(), replayId);
  if (started.kind === 'missing') throw new UnrecoverableError(`replay ${replayId} does not exist`);
  if (started.kind === 'finished') return { finished: started.status };
  return { storageKey: started.storageKey };
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

/**
 * Stage 4: result, track, final status, owners' summaries and sessions, in one transaction. The
 * scoreboard comes back when this run wrote it (null when another run had already finished).
 */
async function saveResult(
  orm: MikroORM,
  replayId: string,
  computed: Extract<ComputeResult, { ok: true }>,
  deadline: JobDeadline,
): Promise<{ status: FinalStatus; scoreboard: Scoreboard | null }> {
  const scoreboard = buildScoreboard(replayId, computed.decoded.info, scoreboardMatchOf(computed.analysis));
  const columns = analysedColumns(computed.decoded, scoreboard, computed.analysis);
  const track: StoredTrack | null = computed.track;
  return runStage('save', () =>
    transactionWithin(orm, deadline, async (tx) => {
      // Under the row lock: two runs of the same job (a stalled one and its replacement)
      // serialise, and the second keeps the first's outcome. Owners' summary rows and play
      // sessions land with the result, before "done" is announced.
      const saved = await saveFirstResult(tx, replayId, columns, track);
      if (saved.kind === 'missing')
        throw new UnrecoverableError(`replay ${replayId} was deleted while processing`);
      return { status: saved.status, scoreboard: saved.savedNow ? scoreboard : null };
    }),
  );
}

/** The thread's own stage timings into the process's metrics (parse and analysis time). */
export function observeStages(timings: ComputeTimings): void {
  const analysisMs = Object.values(timings.analysisMs).reduce((a, b) => a + b, 0);
  stageDuration.observe({ stage: 'parse' }, timings.parseMs / 1000);
  stageDuration.observe({ stage: 'analysis' }, analysisMs / 1000);
}

/** performance.now() at the job's stage boundaries. */
interface StageMarks {
  started: number;
  readStarted: number;
  read: number;
  computed: number;
  saved: number;
  merged: number;
}

/** Each stage's milliseconds, from the job's own marks and the compute thread's timings. */
function stageTimings(m: StageMarks, computed: Extract<ComputeResult, { ok: true }>): ReplayStageTimings {
  const t = computed.timings;
  const stages: ReplayStageTimings = {
    start: m.readStarted - m.started,
    read: m.read - m.readStarted,
    compute: m.computed - m.read,
    parse: t.parseMs,
  };
  for (const [pass, ms] of Object.entries(t.analysisMs)) stages[`analysis.${pass}`] = ms;
  stages.trackSample = t.trackSampleMs;
  stages.trackEncode = t.trackEncodeMs;
  if (t.postedAt !== undefined && t.receivedAt !== undefined) {
    stages.handoff = t.threadStartedAt - t.postedAt;
    stages.handback = t.receivedAt - t.threadFinishedAt;
  }
  stages.save = m.saved - m.computed;
  stages.merge = m.merged - m.saved;
  return stages;
}

export async function processReplay(
  deps: ProcessReplayDeps,
  replayId: string,
  deadline: JobDeadline = JobDeadline.none(),
): Promise<ReplayProcessResult> {
  const marks = { started: performance.now() } as StageMarks;
  const started = await startAttempt(deps.orm, replayId);
  if ('finished' in started) return { replayId, status: started.finished };
  deadline.check();
  deps.report({ stage: ProcessingStage.Parsing, percent: 0 });

  marks.readStarted = performance.now();
  const bytes = await deps.storage.get(started.storageKey); // I/O errors are transient: BullMQ retries.
  marks.read = performance.now();
  deadline.check();
  const computed = await deps.compute.run(bytes, { signal: deadline.signal, onProgress: deps.report });
  if (!computed.ok) return failUndecodable(deps.orm, replayId, computed);
  observeStages(computed.timings);
  marks.computed = performance.now();

  deps.report({ stage: ProcessingStage.Saving, percent: 0 });
  const { status, scoreboard } = await saveResult(deps.orm, replayId, computed, deadline);
  marks.saved = performance.now();
  // Decoded and saved: fold other uploads of exactly this match into one (the GUID alone proves
  // nothing; the comparison reads the stored rows, so it runs after the save).
  const merge = await mergeSameMatch(deps.orm, deps.storage, replayId);
  marks.merged = performance.now();
  deps.report({ stage: ProcessingStage.Done, percent: 100 });
  // The saved scoreboard is announced as is only while this replay is the one that stays.
  const announce = scoreboard && merge.keptId === replayId ? { scoreboard } : {};
  return {
    replayId,
    status,
    ...announce,
    stages: stageTimings(marks, computed),
  };
}

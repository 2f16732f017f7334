/**
 * Handler for `replay.process`: load the row, parse the stored file, persist results and the
 * final status in ONE transaction. Idempotent: a replay already in a terminal state is left as
 * is, so a job re-run after a crash (stalled job) never writes a second result.
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
import { ReplayError, type NetworkSummary } from '@rlcoach/parser';
import { ANALYSIS_VERSION } from '@rlcoach/parser/analysis/index';
import type { ReplayProcessResult } from '@rlcoach/db/contracts/jobs';
import { parseFailureReason } from '../errors.js';
import { analyseParsed, type AnalyseOutcome } from '../analyse.js';
import { buildTrack } from '../track.js';
import { parseReplayFile, type ParseOutcome } from '../parse.js';
import { parserVersion } from '../parser-version.js';
import { buildScoreboard } from '../scoreboard.js';
import type { Scoreboard } from '@rlcoach/db/contracts/socket-events';
import type { ReplayStorage } from '@rlcoach/db/storage/replay-storage';

export interface StageReport {
  stage: ProcessingStage;
  percent: number;
}

export interface ProcessReplayDeps {
  orm: MikroORM;
  storage: ReplayStorage;
  jobTimeoutMs: number;
  /** Test-only pause before saving (0 = none). */
  debugDelayMs: number;
  /** Test-only heap to hold during the parse, in MB (0 = none). */
  debugAllocMb?: number;
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
export function analysedColumns(parsed: ParseOutcome, scoreboard: Scoreboard, analysis: AnalyseOutcome) {
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

/** Roughly `mb` MB of live heap (1M-slot arrays of doubles), for memory-ceiling tests only. */
function debugBallast(mb: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < mb; i++) out.push(new Array<number>(131_072).fill(i + 0.5));
  return out;
}

export async function processReplay(deps: ProcessReplayDeps, replayId: string): Promise<ReplayProcessResult> {
  const deadline = Date.now() + deps.jobTimeoutMs;
  const em = deps.orm.em.fork();
  const replay = await em.findOne(Replay, replayId);
  if (!replay) throw new UnrecoverableError(`replay ${replayId} does not exist`);
  if (isTerminal(replay.status)) {
    return { replayId, status: replay.status as ReplayProcessResult['status'] };
  }
  Object.assign(replay, {
    status: ReplayStatus.Processing,
    stage: ProcessingStage.Parsing,
    attempts: replay.attempts + 1,
    startedAt: new Date(),
  });
  await em.flush();
  deps.report({ stage: ProcessingStage.Parsing, percent: 0 });

  const bytes = await deps.storage.get(replay.storageKey); // I/O errors are transient: BullMQ retries.
  const ballast = debugBallast(deps.debugAllocMb ?? 0);
  let lastPercent = 0;
  let parsed;
  try {
    parsed = parseReplayFile(bytes, {
      deadline,
      timeoutMs: deps.jobTimeoutMs,
      onProgress(fraction) {
        const percent = Math.min(100, Math.floor(fraction * 100));
        if (percent >= lastPercent + 5 || (percent === 100 && lastPercent !== 100)) {
          lastPercent = percent;
          deps.report({ stage: ProcessingStage.Parsing, percent });
        }
      },
    });
  } catch (e) {
    if (e instanceof ReplayError) {
      // Same bytes, same failure: retrying can never help.
      const reason = parseFailureReason(e);
      await markFailed(deps.orm, replayId, reason, e.code);
      throw new UnrecoverableError(reason);
    }
    throw e;
  }

  if (ballast.length < 0) throw new Error('unreachable'); // keeps the ballast alive through the parse
  deps.report({ stage: ProcessingStage.Analysing, percent: 0 });
  const scoreboard = buildScoreboard(replayId, parsed.info);
  const analysis = analyseParsed(parsed.replay);
  const track = await buildTrack(parsed.replay);
  if (deps.debugDelayMs > 0) await new Promise((r) => setTimeout(r, deps.debugDelayMs));
  deps.report({ stage: ProcessingStage.Analysing, percent: 100 });

  deps.report({ stage: ProcessingStage.Saving, percent: 0 });
  const columns = analysedColumns(parsed, scoreboard, analysis);
  const saved = await deps.orm.em.fork().transactional(async (tx) => {
    // Row lock: two runs of the same job (a stalled one and its replacement) serialise here.
    const row = await tx.findOne(Replay, replayId, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!row) throw new UnrecoverableError(`replay ${replayId} was deleted while processing`);
    if (isTerminal(row.status)) return row.status as ReplayProcessResult['status'];
    tx.create(ReplayResult, { replay: replayId, ...columns.result } as unknown as ReplayResult);
    if (track) tx.create(ReplayTrack, { replay: replayId, ...track } as unknown as ReplayTrack);
    Object.assign(row, { ...columns.replay, finishedAt: new Date() });
    // Owners' summary rows and play sessions land with the result, before "done" is announced,
    // so a dashboard reloading on replay:done already reads them.
    await tx.flush();
    await syncReplayOwners(tx, replayId);
    return columns.replay.status;
  });
  deps.report({ stage: ProcessingStage.Done, percent: 100 });
  return { replayId, status: saved };
}

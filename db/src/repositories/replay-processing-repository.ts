/**
 * The worker's writes and reads around one replay job: start an attempt, save or replace a
 * result, mark a replay failed or current, and read what the status publisher announces. Each
 * write that races another run of the same job takes the replay's row lock first, so two runs
 * (a stalled one and its replacement) serialise and the second sees the first's outcome.
 */
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Replay } from '../entities/replay.js';
import { ReplayResult } from '../entities/replay-result.js';
import { ReplayTrack } from '../entities/replay-track.js';
import { ProcessingStage, ReplayStatus } from '../enums.js';
import { syncReplayOwners } from './summary-repository.js';

/** The statuses a replay job ends in; a replay in one of them is never processed again. */
export type FinalReplayStatus = Extract<ReplayStatus, 'analysed' | 'partial' | 'failed'>;

const TERMINAL: ReadonlySet<ReplayStatus> = new Set([
  ReplayStatus.Analysed,
  ReplayStatus.Partial,
  ReplayStatus.Failed,
]);

export function isTerminalStatus(status: ReplayStatus): status is FinalReplayStatus {
  return TERMINAL.has(status);
}

/** The result row's columns a finished parse and analysis write. */
export interface AnalysedResultColumns {
  scoreboard: Record<string, unknown>;
  report: Record<string, unknown> | null;
  network: Record<string, unknown>;
  framesDecoded: number;
  framesTotal: number;
}

/** The replay row's columns a finished parse and analysis write (final status, header, timings, versions). */
export interface AnalysedReplayColumns {
  status: Extract<ReplayStatus, 'analysed' | 'partial'>;
  stage: ProcessingStage;
  error: string | null;
  errorCode: string | null;
  header: Record<string, unknown>;
  parseMs: number;
  analyseMs: number | null;
  parserVersion: string;
  analysisVersion: number;
}

/** The encoded positions track (parser/src/track) as stored. */
export interface TrackColumns {
  data: Buffer;
  hz: number;
  sampleCount: number;
}

export interface AnalysedColumns {
  result: AnalysedResultColumns;
  replay: AnalysedReplayColumns;
}

export type AttemptStart =
  | { kind: 'missing' }
  | { kind: 'finished'; status: FinalReplayStatus }
  | { kind: 'started'; storageKey: string };

/** Move a replay to `processing` and count the attempt; a finished (or absent) replay is left alone. */
export async function startReplayAttempt(em: EntityManager, replayId: string): Promise<AttemptStart> {
  const replay = await em.findOne(Replay, replayId);
  if (!replay) return { kind: 'missing' };
  if (isTerminalStatus(replay.status)) return { kind: 'finished', status: replay.status };
  Object.assign(replay, {
    status: ReplayStatus.Processing,
    stage: ProcessingStage.Parsing,
    attempts: replay.attempts + 1,
    startedAt: new Date(),
  });
  await em.flush();
  return { kind: 'started', storageKey: replay.storageKey };
}

/** Mark a replay failed for good, in its own transaction; false when it is absent or already final. */
export function markReplayFailed(
  em: EntityManager,
  replayId: string,
  reason: string,
  code: string,
): Promise<boolean> {
  return em.transactional(async (tx) => {
    const replay = await tx.findOne(Replay, replayId, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!replay || isTerminalStatus(replay.status)) return false;
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

/** `savedNow`: this run wrote the result (false when another run had already finished the replay). */
export type SaveOutcome =
  { kind: 'missing' } | { kind: 'finished'; status: FinalReplayStatus; savedNow: boolean };

/**
 * Inside the caller's transaction: write a first result (and track), the replay's final columns,
 * and the owners' summary rows and play sessions, so a dashboard reloading on replay:done reads
 * them. A replay another run already finished keeps that run's outcome (returned as is).
 */
export async function saveFirstResult(
  tx: EntityManager,
  replayId: string,
  columns: AnalysedColumns,
  track: TrackColumns | null,
): Promise<SaveOutcome> {
  const row = await tx.findOne(Replay, replayId, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!row) return { kind: 'missing' };
  if (isTerminalStatus(row.status)) return { kind: 'finished', status: row.status, savedNow: false };
  tx.create(ReplayResult, { replay: replayId, ...columns.result } as unknown as ReplayResult);
  if (track) tx.create(ReplayTrack, { replay: replayId, ...track } as unknown as ReplayTrack);
  Object.assign(row, { ...columns.replay, finishedAt: new Date() });
  await tx.flush();
  await syncReplayOwners(tx, replayId);
  return { kind: 'finished', status: columns.replay.status, savedNow: true };
}

/** What the re-analysis job needs of a replay: its state, its rules' version and its original. */
export interface ReanalysisCandidate {
  status: ReplayStatus;
  analysisVersion: number | null;
  storageKey: string;
}

/** A finished replay whose stored result was computed with rules older than `version` (or unversioned). */
export function needsReanalysis(replay: Omit<ReanalysisCandidate, 'storageKey'>, version: number): boolean {
  return (
    (replay.status === ReplayStatus.Analysed || replay.status === ReplayStatus.Partial) &&
    (replay.analysisVersion === null || replay.analysisVersion < version)
  );
}

export async function readReanalysisCandidate(
  em: EntityManager,
  replayId: string,
): Promise<ReanalysisCandidate | null> {
  const replay = await em.findOne(Replay, replayId);
  return replay
    ? { status: replay.status, analysisVersion: replay.analysisVersion, storageKey: replay.storageKey }
    : null;
}

/**
 * Mark a stale replay current at `version` without touching its result (in its own transaction),
 * so the sweep stops picking it; false when it is absent or no longer stale.
 */
export function markAnalysisCurrent(em: EntityManager, replayId: string, version: number): Promise<boolean> {
  return em.transactional(async (tx) => {
    const row = await tx.findOne(Replay, replayId, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!row || !needsReanalysis(row, version)) return false;
    row.analysisVersion = version;
    return true;
  });
}

/**
 * Inside the caller's transaction: replace a stale replay's result (and its track, when a new one
 * was built; a failed track keeps the stored one), its columns, and the owners' summaries and
 * sessions. False when the replay is gone or another run already brought it to `version`.
 */
export async function replaceStaleResult(
  tx: EntityManager,
  replayId: string,
  columns: AnalysedColumns,
  track: TrackColumns | null,
  version: number,
): Promise<boolean> {
  const row = await tx.findOne(Replay, replayId, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!row || !needsReanalysis(row, version)) return false;
  const now = new Date();
  const result = await tx.findOne(ReplayResult, { replay: replayId });
  if (result) Object.assign(result, { ...columns.result, createdAt: now });
  else tx.create(ReplayResult, { replay: replayId, ...columns.result } as unknown as ReplayResult);
  if (track) {
    const stored = await tx.findOne(ReplayTrack, { replay: replayId });
    if (stored) Object.assign(stored, { ...track, createdAt: now });
    else tx.create(ReplayTrack, { replay: replayId, ...track } as unknown as ReplayTrack);
  }
  Object.assign(row, columns.replay);
  await tx.flush();
  await syncReplayOwners(tx, replayId);
  return true;
}

/** What a replay's owners are told when its job ends. */
export type ReplayOutcome =
  | { status: 'failed'; error: string | null }
  | {
      status: 'analysed' | 'partial';
      /** Null when the result row is missing (nothing to announce). */
      scoreboard: Record<string, unknown> | null;
    }
  | { status: 'queued' | 'processing' };

/** The replay's current outcome (null: no such replay), with the stored scoreboard when it finished well. */
export async function readReplayOutcome(em: EntityManager, replayId: string): Promise<ReplayOutcome | null> {
  const replay = await em.findOne(Replay, replayId);
  if (!replay) return null;
  if (replay.status === ReplayStatus.Failed) return { status: replay.status, error: replay.error };
  if (replay.status === ReplayStatus.Analysed || replay.status === ReplayStatus.Partial) {
    const result = await em.findOne(ReplayResult, { replay: replayId });
    return { status: replay.status, scoreboard: result?.scoreboard ?? null };
  }
  return { status: replay.status };
}

/** The stored reason of a replay (null: none, or no such replay). */
export async function readReplayError(em: EntityManager, replayId: string): Promise<string | null> {
  const replay = await em.findOne(Replay, replayId);
  return replay?.error ?? null;
}

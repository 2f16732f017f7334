/**
 * The job contract between producers (the upload endpoint in realtime/, later web/)
 * and the worker. One place declares every queue, job name and payload; both sides
 * import it. Job data travels as JSON: ids and plain objects only.
 */

import type { CoachMode } from './coach.js';
import type { Scoreboard } from './socket-events.js';

export const QueueName = {
  /** CPU-bound replay work: low concurrency per process, scale with processes. */
  Replays: 'replays',
  /** Light, I/O-bound follow-ups (coach replies, exports, deletions) land here later. */
  Background: 'background',
  /** Coach answers: I/O-bound streams, many at once, never behind a long export. */
  Coach: 'coach',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const JobName = {
  /** Parse and analyse one stored replay, then persist results. */
  ReplayProcess: 'replay.process',
  /** Build a ZIP of everything we hold about one user (queue: background). */
  UserExport: 'user.export',
  /** Erase one user after the grace period (queue: background, delayed). */
  UserDelete: 'user.delete',
  /**
   * Re-run the analysis of a finished replay whose stored result predates the current
   * ANALYSIS_VERSION (queue: replays, low priority so uploads always go first).
   */
  ReplayReanalyse: 'replay.reanalyse',
  /** Write one coach answer: the Messages API stream with its tool loop (queue: coach). */
  CoachReply: 'coach.reply',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

export interface ReplayProcessData {
  /** Primary key of the replay row (uuid). */
  replayId: string;
}

export interface ReplayProcessResult {
  replayId: string;
  status: 'analysed' | 'partial' | 'failed';
  /**
   * The scoreboard this run saved (absent when another run had finished first): replay:done
   * carries it without reading the stored result back.
   */
  scoreboard?: Scoreboard;
  /** Where the job's time went, stage by stage (kept with the completed job; the bench prints it). */
  stages?: ReplayStageTimings;
}

/**
 * Milliseconds per stage of one `replay.process` run: start (row → processing), read (the
 * original), handoff / handback (to and from the compute thread), parse, analysis (per pass),
 * trackSample, trackEncode, save (the result transaction), merge (same-match dedupe).
 */
export type ReplayStageTimings = Record<string, number>;

export interface ReplayReanalyseData {
  replayId: string;
  /** The ANALYSIS_VERSION the job brings the replay to (part of the job id). */
  analysisVersion: number;
}

export interface ReplayReanalyseResult {
  replayId: string;
  /**
   * reanalysed: result, summaries and sessions replaced; current: nothing to do (already at this
   * version, or no longer a finished replay); kept: the original file is missing or no longer
   * parses, so the stored result stays and the replay is marked current so no sweep retries it.
   */
  outcome: 'reanalysed' | 'current' | 'kept';
  /** Why the stored result was kept (outcome `kept`). */
  reason?: string;
}

export interface UserExportData {
  userId: string;
  /** One export per request; also the archive's file name stem. */
  exportId: string;
}

export interface UserExportResult {
  exportId: string;
  /** Archive size in bytes. */
  bytes: number;
}

export interface UserDeleteData {
  userId: string;
}

/**
 * Progress of a running `user.delete` (BullMQ job progress, for ops: the user it erases has no
 * session left to show it to). Rows go first in one transaction, then files nobody else uses.
 */
export interface UserDeleteProgress {
  stage: 'rows-deleted' | 'files-removed';
  replaysRemoved: number;
  filesRemoved: number;
}

export interface UserDeleteResult {
  userId: string;
  /**
   * deleted: the account is gone; cancelled: the schedule was cleared before the job ran
   * (nothing deleted); rescheduled: the job woke before the due date and went back to sleep.
   */
  outcome: 'deleted' | 'cancelled' | 'rescheduled';
  /** Replay rows (and their stored files) removed because no other user owned them. */
  replaysRemoved: number;
}

export interface CoachReplyData {
  userId: string;
  conversationId: string;
  /** The assistant message row (status `streaming`) the job fills; also the job id. */
  messageId: string;
  mode: CoachMode;
  /** A free player's one preview answer (smaller caps, no budget of their own). */
  preview: boolean;
}

export interface CoachReplyResult {
  messageId: string;
  status: 'complete' | 'partial' | 'failed';
  inputTokens: number;
  outputTokens: number;
}

/** name → payload / result, so enqueue helpers and processors are typed by job name. */
export interface JobMap {
  [JobName.ReplayProcess]: { data: ReplayProcessData; result: ReplayProcessResult };
  [JobName.UserExport]: { data: UserExportData; result: UserExportResult };
  [JobName.UserDelete]: { data: UserDeleteData; result: UserDeleteResult };
  [JobName.ReplayReanalyse]: { data: ReplayReanalyseData; result: ReplayReanalyseResult };
  [JobName.CoachReply]: { data: CoachReplyData; result: CoachReplyResult };
}

/**
 * BullMQ priority of re-analyses (1 is the highest, larger is lower). `replay.process` jobs carry
 * none, and BullMQ always takes unprioritised jobs before prioritised ones: a re-analysis never
 * delays an upload.
 */
export const REPLAY_REANALYSE_PRIORITY = 1_000;

/** Re-analyses of one replay to one version share a job id: a double enqueue is a no-op. */
export const reanalyseJobId = (replayId: string, analysisVersion: number): string =>
  jobIdFor(JobName.ReplayReanalyse, `${replayId}-v${analysisVersion}`);

/** Exports: one attempt (the user sees the failure and can ask again); keep little history. */
export const USER_EXPORT_JOB_OPTIONS = {
  attempts: 1,
  removeOnComplete: { count: 1_000, age: 24 * 3600 },
  removeOnFail: { count: 1_000, age: 7 * 24 * 3600 },
} as const;

/**
 * Deletions: retried for a day (a deletion must happen), and removed once done so the same
 * derived job id can be scheduled again after a cancel.
 */
export const USER_DELETE_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 60_000 },
  removeOnComplete: true,
  removeOnFail: { count: 1_000, age: 30 * 24 * 3600 },
} as const;

/** Job ids are derived, never random, so a re-enqueue of the same work is a no-op. No colons allowed. */
export const jobIdFor = (name: JobName, entityId: string): string =>
  `${name.replace(/\./g, '-')}-${entityId}`;

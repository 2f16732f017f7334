/**
 * Payloads the worker emits to Socket.IO rooms. These mirror `realtime/src/events.ts` (the contract
 * clients read): the worker cannot import that package because realtime depends on the worker
 * (ingest, producer), and TypeScript project references may not form a cycle.
 * test/status-events.test.ts checks both sides stay identical.
 */
import type { ProcessingStage, ReplayStatus } from '@rlcoach/db/enums';

export const userRoom = (userId: string) => `user:${userId}`;

export interface ScoreboardPlayer {
  name: string;
  platform: string | null;
  platformId: string | null;
  score: number | null;
  goals: number | null;
  assists: number | null;
  saves: number | null;
  shots: number | null;
}

export interface Scoreboard {
  replayId: string;
  matchGuid: string | null;
  map: { code: string; name: string };
  playlist: string | null;
  playedAt: string | null;
  durationSeconds: number | null;
  overtime: boolean;
  teams: {
    blue: { goals: number; players: ScoreboardPlayer[] };
    orange: { goals: number; players: ScoreboardPlayer[] };
  };
}

export interface ReplayProgress {
  replayId: string;
  stage: ProcessingStage;
  percent: number;
}

export interface ReplayDone {
  replayId: string;
  status: Extract<ReplayStatus, 'analysed' | 'partial'>;
  scoreboard: Scoreboard;
}

export interface ReplayFailed {
  replayId: string;
  reason: string;
}

/** `export:*`: progress of one "Export my data" request, to its owner's room only. */
export interface ExportProgress {
  exportId: string;
  /** collecting: reading the database; writing: adding files to the archive. */
  stage: 'collecting' | 'writing';
  /** 0–100 over the archive's entries. */
  percent: number;
}

export interface ExportReady {
  exportId: string;
  bytes: number;
  /** ISO 8601: the archive is refused and removed after this. */
  expiresAt: string;
}

export interface ExportFailed {
  exportId: string;
  /** Human-readable reason, safe to show. */
  reason: string;
}

export interface WorkerToClientEvents {
  'replay:progress': (p: ReplayProgress) => void;
  'replay:done': (p: ReplayDone) => void;
  'replay:failed': (p: ReplayFailed) => void;
  'export:progress': (p: ExportProgress) => void;
  'export:ready': (p: ExportReady) => void;
  'export:failed': (p: ExportFailed) => void;
}

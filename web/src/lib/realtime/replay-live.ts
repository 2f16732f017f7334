/**
 * Live state of one replay as the browser knows it, and the pure transitions
 * from each realtime event or server snapshot. Every stage and status value is
 * handled explicitly (exhaustive switches), so a new enum value fails the build.
 */
import { ProcessingStage, ReplayStatus } from '@rlcoach/db/enums';
import type {
  ReplayDone,
  ReplayFailed,
  ReplayProgress,
  Scoreboard,
} from '@rlcoach/db/contracts/socket-events';
import type { ReplaySnapshot } from '$lib/replay-types';

export type ActiveStage = Extract<ProcessingStage, 'queued' | 'parsing' | 'analysing' | 'saving'>;

export type ReplayLive =
  | { phase: 'processing'; stage: ActiveStage; percent: number }
  /** The worker reported `done` but the result (scoreboard) has not reached us yet. */
  | { phase: 'settling' }
  | {
      phase: 'finished';
      status: Extract<ReplayStatus, 'analysed' | 'partial'>;
      scoreboard: Scoreboard | null;
      note: string | null;
    }
  | { phase: 'failed'; reason: string | null };

export function isTerminal(live: ReplayLive | undefined): boolean {
  return live?.phase === 'finished' || live?.phase === 'failed';
}

/** Wants the server's snapshot to complete the picture (missing scoreboard or reason). */
export function needsSnapshot(live: ReplayLive | undefined): boolean {
  if (live === undefined) return true;
  switch (live.phase) {
    case 'processing':
      return false;
    case 'settling':
      return true;
    case 'finished':
      return false;
    case 'failed':
      return live.reason === null;
    default:
      return unreachable(live);
  }
}

export function onProgress(prev: ReplayLive | undefined, p: ReplayProgress): ReplayLive {
  // Terminal states come with their payload; a late progress event never undoes them.
  if (prev && isTerminal(prev)) return prev;
  const percent = clampPercent(p.percent);
  switch (p.stage) {
    case ProcessingStage.Queued:
    case ProcessingStage.Parsing:
    case ProcessingStage.Analysing:
    case ProcessingStage.Saving:
      return { phase: 'processing', stage: p.stage, percent };
    case ProcessingStage.Done:
      return { phase: 'settling' };
    case ProcessingStage.Failed:
      return { phase: 'failed', reason: null };
    default:
      return unreachable(p.stage);
  }
}

export function onDone(d: ReplayDone): ReplayLive {
  return { phase: 'finished', status: d.status, scoreboard: d.scoreboard, note: null };
}

export function onFailed(f: ReplayFailed): ReplayLive {
  return { phase: 'failed', reason: f.reason };
}

export function fromSnapshot(s: ReplaySnapshot): ReplayLive {
  switch (s.status) {
    case ReplayStatus.Queued:
      return { phase: 'processing', stage: ProcessingStage.Queued, percent: 0 };
    case ReplayStatus.Processing:
      return onProgress(undefined, { replayId: s.replayId, stage: s.stage, percent: 0 });
    case ReplayStatus.Analysed:
    case ReplayStatus.Partial:
      return { phase: 'finished', status: s.status, scoreboard: s.scoreboard, note: s.error };
    case ReplayStatus.Failed:
      return { phase: 'failed', reason: s.error ?? 'Processing failed.' };
    default:
      return unreachable(s.status);
  }
}

/** How far along a state is; a snapshot read earlier than the live events must not move a row backwards. */
export function progressRank(live: ReplayLive | undefined): number {
  if (live === undefined) return 0;
  switch (live.phase) {
    case 'processing':
      return 1 + ACTIVE_STAGES.indexOf(live.stage);
    case 'settling':
      return 1 + ACTIVE_STAGES.length;
    case 'finished':
      // A finished state without its scoreboard still ranks below one with it.
      return live.scoreboard ? 4 + ACTIVE_STAGES.length : 3 + ACTIVE_STAGES.length;
    case 'failed':
      return live.reason === null ? 3 + ACTIVE_STAGES.length : 4 + ACTIVE_STAGES.length;
    default:
      return unreachable(live);
  }
}

/** Merge a server snapshot into what the live events already told us: keep whichever is further along. */
export function mergeSnapshot(current: ReplayLive | undefined, snapshot: ReplayLive): ReplayLive {
  return progressRank(snapshot) > progressRank(current) ? snapshot : (current ?? snapshot);
}

const ACTIVE_STAGES: readonly ActiveStage[] = [
  ProcessingStage.Queued,
  ProcessingStage.Parsing,
  ProcessingStage.Analysing,
  ProcessingStage.Saving,
];

/** Position of a stage on one 0–100 bar: parsing dominates the time, so it gets most of the bar. */
export function pipelinePercent(live: ReplayLive): number {
  switch (live.phase) {
    case 'processing':
      switch (live.stage) {
        case ProcessingStage.Queued:
          return 2;
        case ProcessingStage.Parsing:
          return 5 + Math.round(live.percent * 0.8);
        case ProcessingStage.Analysing:
          return 85 + Math.round(live.percent * 0.07);
        case ProcessingStage.Saving:
          return 92 + Math.round(live.percent * 0.07);
        default:
          return unreachable(live.stage);
      }
    case 'settling':
      return 99;
    case 'finished':
    case 'failed':
      return 100;
    default:
      return unreachable(live);
  }
}

function clampPercent(n: number): number {
  return Number.isFinite(n) ? Math.min(100, Math.max(0, n)) : 0;
}

export function unreachable(value: never): never {
  throw new Error(`unhandled value: ${JSON.stringify(value)}`);
}

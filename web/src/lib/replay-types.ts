/** Replay shapes the server hands to pages and to the browser (JSON-safe). */
import type { ProcessingStage, ReplayStatus } from '@rlcoach/db/enums';
import type { Scoreboard } from '@rlcoach/db/contracts/socket-events';

/** One row of the replays list: every figure comes from the stored replay. */
export interface ReplayListItem {
  id: string;
  status: ReplayStatus;
  stage: ProcessingStage;
  error: string | null;
  mapName: string | null;
  mapCode: string | null;
  playedAt: string | null;
  blueGoals: number | null;
  orangeGoals: number | null;
  durationSeconds: number | null;
  /** When this user linked the replay to their account (ISO 8601). */
  uploadedAt: string;
}

/** Where one replay stands now, for a client that missed live events. */
export interface ReplaySnapshot {
  replayId: string;
  status: ReplayStatus;
  stage: ProcessingStage;
  error: string | null;
  scoreboard: Scoreboard | null;
}

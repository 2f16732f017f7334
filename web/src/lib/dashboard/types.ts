/** Dashboard shapes handed from the server to pages (JSON-safe). Every figure comes from stored data. */
import type { ProcessingStage, ReplayStatus } from '@rlcoach/db/enums';

export type MatchResult = 'win' | 'loss' | 'draw';

/** The user's own player in one replay: identity plus the report's stats blocks. */
export interface MyPlayer {
  name: string;
  team: 'blue' | 'orange';
  stats: Record<string, unknown>;
  mechanics: Record<string, unknown> | null;
}

export interface DashboardReplay {
  id: string;
  status: ReplayStatus;
  stage: ProcessingStage;
  /** Safe-to-show reason when failed or partial. */
  error: string | null;
  /** Header match time (MatchStartEpoch, else header Date in the user's zone), ISO; null if unknown. */
  playedAt: string | null;
  mapName: string;
  mapCode: string | null;
  playlist: string | null;
  /** Players per team (header/report), for per-mode benchmarks; null when unknown. */
  teamSize: number | null;
  durationSeconds: number | null;
  blueGoals: number | null;
  orangeGoals: number | null;
  hasReport: boolean;
  /** null: the user has not claimed any player in this replay. */
  me: MyPlayer | null;
  result: MatchResult | null;
  uploadedAt: string;
}

export interface Preferences {
  sessionGapMinutes: number;
  timeZone: string;
  ranks: Record<string, string>;
}

/** ReplayStatusReader over db's replayStatesForUser, whose join enforces ownership. */
import { ProcessingStage, ReplayStatus } from '@rlcoach/db/enums';
import type { ReplayState } from '@rlcoach/db/repositories/replay-repository';
import type { ReplayStatusSnapshot } from '@rlcoach/db/contracts/socket-events';
import type { ReplayStatusReader } from './ports.js';

/** `statesForUser` must run on a fresh entity-manager fork per call (main.ts binds it). */
export function replayStatusReader(
  statesForUser: (userId: string, replayIds: string[]) => Promise<ReplayState[]>,
): ReplayStatusReader {
  return {
    async statusFor(userId, replayIds) {
      const states = await statesForUser(userId, replayIds);
      return states.map((s): ReplayStatusSnapshot => ({
        replayId: s.replayId,
        stage: s.stage,
        percent: percentFor(s.status, s.stage),
        status: s.status,
        reason: s.error,
      }));
    },
  };
}

/** Only terminal states have a known percentage; live percentages travel as events. */
function percentFor(status: ReplayStatus, stage: ProcessingStage): number {
  switch (status) {
    case ReplayStatus.Analysed:
    case ReplayStatus.Partial:
    case ReplayStatus.Failed:
      return 100;
    case ReplayStatus.Queued:
    case ReplayStatus.Processing:
      return stage === ProcessingStage.Done ? 100 : 0;
    default: {
      const exhaustive: never = status;
      return exhaustive;
    }
  }
}

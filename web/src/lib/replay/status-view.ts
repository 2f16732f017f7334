/** Label and tone for a stored replay's status (the replays list). */
import { ProcessingStage, ReplayStatus } from '@rlcoach/db/enums';
import { unreachable } from '$lib/realtime/replay-live';
import type { Tone } from '$lib/upload/row-view';

export function replayStatusView(
  status: ReplayStatus,
  stage: ProcessingStage,
): { label: string; tone: Tone } {
  switch (status) {
    case ReplayStatus.Queued:
      return { label: 'Queued', tone: 'active' };
    case ReplayStatus.Processing:
      return { label: stageLabel(stage), tone: 'active' };
    case ReplayStatus.Analysed:
      return { label: 'Analysed', tone: 'good' };
    case ReplayStatus.Partial:
      return { label: 'Partial', tone: 'warn' };
    case ReplayStatus.Failed:
      return { label: 'Failed', tone: 'bad' };
    default:
      return unreachable(status);
  }
}

function stageLabel(stage: ProcessingStage): string {
  switch (stage) {
    case ProcessingStage.Queued:
      return 'Queued';
    case ProcessingStage.Parsing:
      return 'Parsing';
    case ProcessingStage.Analysing:
      return 'Analysing';
    case ProcessingStage.Saving:
      return 'Saving';
    case ProcessingStage.Done:
      return 'Finishing';
    case ProcessingStage.Failed:
      return 'Failing';
    default:
      return unreachable(stage);
  }
}

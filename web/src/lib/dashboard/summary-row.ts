/**
 * db's summary list rows → DashboardReplay, pure so it is tested without a database. The "me"
 * stats come from the stored topline stats (or the whole stored blocks when the read selected them).
 */
import type { SummaryListRow } from '@rlcoach/db';
import type { DashboardReplay, MyPlayer } from './types';

/** The topline stats blocks rebuilt from the stored stats, in the report's shape (readMetric reads them). */
function statsBlocks(stats: SummaryListRow['stats']): Record<string, Record<string, number | null>> {
  const blocks: Record<string, Record<string, number | null>> = {};
  for (const [path, value] of Object.entries(stats)) {
    const [block, field] = path.split('.') as [string, string];
    (blocks[block] ??= {})[field] = value;
  }
  return blocks;
}

export function fromSummaryRow(row: SummaryListRow): DashboardReplay {
  let me: MyPlayer | null = null;
  if (row.mine && row.team) {
    me = {
      name: row.playerName ?? '?',
      team: row.team,
      stats: row.me?.stats ?? statsBlocks(row.stats),
      mechanics: row.me?.mechanics ?? null,
    };
  }
  return {
    id: row.replayId,
    status: row.status,
    stage: row.stage,
    error: row.error,
    playedAt: row.playedAt ? row.playedAt.toISOString() : null,
    mapName: row.mapName,
    mapCode: row.mapCode,
    playlist: row.playlist,
    teamSize: row.teamSize,
    durationSeconds: row.durationSeconds,
    blueGoals: row.blueGoals,
    orangeGoals: row.orangeGoals,
    hasReport: row.hasReport,
    me,
    result: me ? row.result : null,
    uploadedAt: row.uploadedAt.toISOString(),
  };
}

/** The user's replays, read through their ownership rows (db's repositories, one request-scoped fork). */
import { listOwnedReplays, readOwnedReplayStatus, type EntityManager } from '@rlcoach/db';
import type { Scoreboard } from '@rlcoach/db/contracts/socket-events';
import type { ReplayLibrary, ReplayListItem } from '../ports';
import { headerSummary } from './header-summary';

export function dbReplays(em: EntityManager): ReplayLibrary {
  return {
    async listFor(userId) {
      const owned = await listOwnedReplays(em, userId, 200);
      const items = owned.map((replay): ReplayListItem => {
        const summary = headerSummary(replay.header);
        return {
          id: replay.replayId,
          status: replay.status,
          stage: replay.stage,
          error: replay.error,
          mapCode: replay.mapCode,
          mapName: summary.mapName,
          playedAt: replay.playedAt ? replay.playedAt.toISOString() : null,
          blueGoals: summary.blueGoals,
          orangeGoals: summary.orangeGoals,
          durationSeconds: summary.durationSeconds,
          uploadedAt: replay.uploadedAt.toISOString(),
        };
      });
      // Most recent match first; replays without a date keep upload order at the end.
      return items.sort((a, b) => (b.playedAt ?? '').localeCompare(a.playedAt ?? ''));
    },

    async snapshot(userId, replayId) {
      const status = await readOwnedReplayStatus(em, userId, replayId);
      if (!status) return null;
      return {
        ...status,
        // Written by the worker's scoreboard builder, in the shape of realtime's events.
        scoreboard: status.scoreboard as unknown as Scoreboard | null,
      };
    },
  };
}

/** The user's replays, read through their ownership rows (MikroORM, one request-scoped fork). */
import { Replay, ReplayOwnership, ReplayResult } from '@rlcoach/db';
import type { EntityManager } from '@rlcoach/db';
import type { Scoreboard } from '@rlcoach/db/contracts/socket-events';
import type { ReplayLibrary, ReplayListItem } from '../ports';
import { headerSummary } from './header-summary';

export function dbReplays(em: EntityManager): ReplayLibrary {
  return {
    async listFor(userId) {
      const owned = await em.find(
        ReplayOwnership,
        { user: userId },
        { populate: ['replay'], orderBy: { createdAt: 'desc' }, limit: 200 },
      );
      const items = owned.map((o): ReplayListItem => {
        const replay = o.replay.getEntity();
        const summary = headerSummary(replay.header);
        return {
          id: replay.id,
          status: replay.status,
          stage: replay.stage,
          error: replay.error,
          mapCode: replay.mapCode,
          mapName: summary.mapName,
          playedAt: replay.playedAt ? replay.playedAt.toISOString() : null,
          blueGoals: summary.blueGoals,
          orangeGoals: summary.orangeGoals,
          durationSeconds: summary.durationSeconds,
          uploadedAt: o.createdAt.toISOString(),
        };
      });
      // Most recent match first; replays without a date keep upload order at the end.
      return items.sort((a, b) => (b.playedAt ?? '').localeCompare(a.playedAt ?? ''));
    },

    async snapshot(userId, replayId) {
      if (!UUID.test(replayId)) return null;
      const owned = await em.findOne(
        ReplayOwnership,
        { user: userId, replay: replayId },
        { populate: ['replay'] },
      );
      if (!owned) return null;
      const replay: Replay = owned.replay.getEntity();
      const result = await em.findOne(ReplayResult, { replay: replayId });
      return {
        replayId: replay.id,
        status: replay.status,
        stage: replay.stage,
        error: replay.error,
        // Written by the worker's scoreboard builder, in the shape of realtime's events.
        scoreboard: result ? (result.scoreboard as unknown as Scoreboard) : null,
      };
    },
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

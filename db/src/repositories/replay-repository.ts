import { EntityRepository, type EntityManager } from '@mikro-orm/postgresql';
import { ReplayStatus, type ProcessingStage } from '../enums.js';
import { Replay } from '../entities/replay.js';

export interface ReplayState {
  replayId: string;
  status: ReplayStatus;
  stage: ProcessingStage;
  error: string | null;
}

/** Every query about replays. Callers never build queries themselves. */
export class ReplayRepository extends EntityRepository<Replay> {
  findByHash(fileSha256: string): Promise<Replay | null> {
    return this.findOne({ fileSha256 });
  }

  /**
   * Every stored upload carrying this match GUID, oldest first. The GUID is written by whoever
   * made the file: a hint for finding copies of the same match, never proof of one.
   */
  findByMatchGuid(matchGuid: string): Promise<Replay[]> {
    return this.find({ matchGuid }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  /** Replays still `queued` since before `olderThan`: candidates for the outbox re-enqueue sweep. */
  findQueuedBefore(olderThan: Date, limit = 500): Promise<Replay[]> {
    return this.find(
      { status: ReplayStatus.Queued, queuedAt: { $lt: olderThan } },
      { orderBy: { queuedAt: 'asc' }, limit },
    );
  }

  /**
   * Ids of finished replays (analysed or partial) whose result was computed with an analysis
   * version below `version`, or before versioning (null): candidates for the re-analysis sweep,
   * oldest first. Ids only: the sweep needs nothing else, and a row carries its whole header.
   */
  async findStaleAnalysisIds(version: number, limit = 200): Promise<string[]> {
    const rows = await this.find(
      {
        status: { $in: [ReplayStatus.Analysed, ReplayStatus.Partial] },
        $or: [{ analysisVersion: null }, { analysisVersion: { $lt: version } }],
      },
      { fields: ['id'], orderBy: { queuedAt: 'asc', id: 'asc' }, limit },
    );
    return rows.map((r) => r.id);
  }

  /** Ids of every user owning the replay (for status fan-out). */
  async ownerIds(replayId: string): Promise<string[]> {
    const rows = await this.getEntityManager()
      .getConnection()
      .execute<{ user_id: string }[]>(
        'select user_id from replay_ownerships where replay_id = ? order by created_at',
        [replayId],
      );
    return rows.map((r) => r.user_id);
  }

  /** A user's replays, newest match first. */
  async listForUser(userId: string, options: { limit?: number; offset?: number } = {}): Promise<Replay[]> {
    const rows = await this.getEntityManager()
      .getConnection()
      .execute<{ replay_id: string }[]>('select replay_id from replay_ownerships where user_id = ?', [
        userId,
      ]);
    if (rows.length === 0) return [];
    return this.find(
      { id: { $in: rows.map((r) => r.replay_id) } },
      {
        orderBy: { playedAt: 'desc nulls last', createdAt: 'desc' },
        limit: options.limit ?? 50,
        offset: options.offset ?? 0,
      },
    );
  }

  /** Current state of the given replays, restricted to those `userId` owns. */
  async statesForUser(userId: string, replayIds: string[]): Promise<ReplayState[]> {
    if (replayIds.length === 0) return [];
    const rows = await this.getEntityManager()
      .getConnection()
      .execute<{ id: string; status: ReplayStatus; stage: ProcessingStage; error: string | null }[]>(
        `select r.id, r.status, r.stage, r.error from replays r
           join replay_ownerships o on o.replay_id = r.id and o.user_id = ?
          where r.id in (${replayIds.map(() => '?').join(',')})`,
        [userId, ...replayIds],
      );
    return rows.map((r) => ({ replayId: r.id, status: r.status, stage: r.stage, error: r.error }));
  }
}

/*
 * The same queries as functions over an entity manager, for the services (which never reach for
 * `getRepository` themselves): each runs on the caller's fork, inside its transaction if any.
 */
const replays = (em: EntityManager) => em.getRepository(Replay) as ReplayRepository;

/** The id of the replay stored with these bytes (null: none). */
export async function replayIdByHash(em: EntityManager, fileSha256: string): Promise<string | null> {
  return (await replays(em).findByHash(fileSha256))?.id ?? null;
}

/** Ids of replays still `queued` since before `olderThan`, oldest first (the outbox sweep). */
export async function queuedReplayIdsBefore(
  em: EntityManager,
  olderThan: Date,
  limit = 500,
): Promise<string[]> {
  return (await replays(em).findQueuedBefore(olderThan, limit)).map((r) => r.id);
}

/** Ids of finished replays analysed below `version` (or unversioned), oldest first (the re-analysis sweep). */
export function staleAnalysisIds(em: EntityManager, version: number, limit = 200): Promise<string[]> {
  return replays(em).findStaleAnalysisIds(version, limit);
}

/** Ids of every user owning the replay, first owner first (for status fan-out). */
export function replayOwnerIds(em: EntityManager, replayId: string): Promise<string[]> {
  return replays(em).ownerIds(replayId);
}

/** Current state of the given replays, restricted to those `userId` owns. */
export function replayStatesForUser(
  em: EntityManager,
  userId: string,
  replayIds: string[],
): Promise<ReplayState[]> {
  return replays(em).statesForUser(userId, replayIds);
}

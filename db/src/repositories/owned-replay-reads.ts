/** A user's replays through their ownership rows: the upload list and one replay's live status. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { ReplayOwnership } from '../entities/replay-ownership.js';
import { ReplayResult } from '../entities/replay-result.js';
import type { ProcessingStage, ReplayStatus } from '../enums.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface OwnedReplay {
  replayId: string;
  status: ReplayStatus;
  stage: ProcessingStage;
  error: string | null;
  mapCode: string | null;
  /** The stored MatchInfo json written at upload (read defensively by the caller). */
  header: unknown;
  playedAt: Date | null;
  uploadedAt: Date;
}

/** The user's most recent uploads (at most `limit`), newest upload first. */
export async function listOwnedReplays(
  em: EntityManager,
  userId: string,
  limit = 200,
): Promise<OwnedReplay[]> {
  const owned = await em.find(
    ReplayOwnership,
    { user: userId },
    { populate: ['replay'], orderBy: { createdAt: 'desc' }, limit },
  );
  return owned.map((o) => {
    const r = o.replay.getEntity();
    return {
      replayId: r.id,
      status: r.status,
      stage: r.stage,
      error: r.error,
      mapCode: r.mapCode,
      header: r.header,
      playedAt: r.playedAt,
      uploadedAt: o.createdAt,
    };
  });
}

export interface OwnedReplayStatus {
  replayId: string;
  status: ReplayStatus;
  stage: ProcessingStage;
  error: string | null;
  /** The stored scoreboard (the worker's scoreboard builder's shape), null before analysis. */
  scoreboard: Record<string, unknown> | null;
}

/** One replay's status and scoreboard; null when it does not exist or the user does not own it. */
export async function readOwnedReplayStatus(
  em: EntityManager,
  userId: string,
  replayId: string,
): Promise<OwnedReplayStatus | null> {
  if (!UUID.test(replayId)) return null;
  const owned = await em.findOne(
    ReplayOwnership,
    { user: userId, replay: replayId },
    { populate: ['replay'] },
  );
  if (!owned) return null;
  const r = owned.replay.getEntity();
  const result = await em.findOne(ReplayResult, { replay: replayId });
  return {
    replayId: r.id,
    status: r.status,
    stage: r.stage,
    error: r.error,
    scoreboard: result ? (result.scoreboard as Record<string, unknown>) : null,
  };
}

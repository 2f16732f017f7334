import { randomUUID } from 'node:crypto';
import { EntityRepositoryType, EntitySchema, type Opt } from '@mikro-orm/core';
import { ProcessingStage, ReplayStatus } from '../enums.js';
import { ReplayRepository } from '../repositories/replay-repository.js';

/**
 * One stored match. Deduplicated across uploaders by file hash and by match GUID;
 * who uploaded it lives in ReplayOwnership.
 */
export class Replay {
  [EntityRepositoryType]?: ReplayRepository;
  id: string = randomUUID();
  fileSha256!: string;
  matchGuid: string | null = null;
  /** Path of the original file relative to STORAGE_DIR (content-addressed). */
  storageKey!: string;
  sizeBytes!: number;
  status: ReplayStatus & Opt = ReplayStatus.Queued;
  stage: ProcessingStage & Opt = ProcessingStage.Queued;
  /** Human-readable reason when failed or partial; safe to show. */
  error: string | null = null;
  errorCode: string | null = null;
  /** MatchInfo from the header, parsed at upload time. */
  header!: Record<string, unknown>;
  playedAt: Date | null = null;
  mapCode: string | null = null;
  attempts: number & Opt = 0;
  queuedAt: Date & Opt = new Date();
  startedAt: Date | null = null;
  finishedAt: Date | null = null;
  parseMs: number | null = null;
  analyseMs: number | null = null;
  parserVersion: string | null = null;
  /**
   * ANALYSIS_VERSION (parser) the stored result was computed with; null = analysed before
   * versioning. Results below the current version are re-analysed by the worker's sweep.
   */
  analysisVersion: number | null = null;
  createdAt: Date & Opt = new Date();
}

export const ReplaySchema = new EntitySchema<Replay>({
  class: Replay,
  tableName: 'replays',
  repository: () => ReplayRepository,
  indexes: [
    // The outbox sweep and the worker dashboards look replays up by status, oldest first.
    { name: 'replays_status_queued_at_idx', properties: ['status', 'queuedAt'] },
    // The re-analysis sweep (every pass, in every worker) looks for results below ANALYSIS_VERSION
    // or without one: with this index a library with nothing stale costs two empty index scans.
    { name: 'replays_analysis_version_idx', properties: ['analysisVersion'] },
  ],
  properties: {
    id: { type: 'uuid', primary: true },
    fileSha256: { type: 'string', length: 64, unique: 'replays_file_sha256_unique' },
    matchGuid: { type: 'string', length: 64, nullable: true, unique: 'replays_match_guid_unique' },
    storageKey: { type: 'string', length: 160 },
    sizeBytes: { type: 'integer' },
    status: { enum: true, items: () => Object.values(ReplayStatus) },
    stage: { enum: true, items: () => Object.values(ProcessingStage) },
    error: { type: 'text', nullable: true },
    errorCode: { type: 'string', length: 64, nullable: true },
    header: { type: 'json' },
    playedAt: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    mapCode: { type: 'string', length: 64, nullable: true },
    attempts: { type: 'integer', default: 0 },
    queuedAt: { type: 'datetime', columnType: 'timestamptz' },
    startedAt: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    finishedAt: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    parseMs: { type: 'integer', nullable: true },
    analyseMs: { type: 'integer', nullable: true },
    parserVersion: { type: 'string', length: 32, nullable: true },
    analysisVersion: { type: 'integer', nullable: true },
    createdAt: { type: 'datetime', columnType: 'timestamptz' },
  },
});

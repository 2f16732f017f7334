import { randomUUID } from 'node:crypto';
import { EntityRepositoryType, EntitySchema, type Opt } from '@mikro-orm/core';
import { ProcessingStage, ReplayStatus } from '../enums.js';
import { ReplayRepository } from '../repositories/replay-repository.js';

/**
 * One stored upload of a match. Identical files are one row (unique file hash). The match GUID
 * comes from the file and anyone can write it, so it is only a hint: two different files with
 * the same GUID are two rows until the worker has decoded both and found the same match
 * (`matchFingerprint`), then they merge (worker/src/dedupe). Who uploaded it lives in ReplayOwnership.
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
  /**
   * sha256 of what the decoded match is (worker/src/dedupe/fingerprint.ts); null until decoded,
   * and for replays that could not be decoded. Equal fingerprints = the same match.
   */
  matchFingerprint: string | null = null;
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
    // Same-match lookups after a decode: other uploads carrying the same GUID.
    { name: 'replays_match_guid_idx', properties: ['matchGuid'] },
  ],
  properties: {
    id: { type: 'uuid', primary: true },
    fileSha256: { type: 'string', length: 64, unique: 'replays_file_sha256_unique' },
    matchGuid: { type: 'string', length: 64, nullable: true },
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
    matchFingerprint: { type: 'string', length: 64, nullable: true },
    createdAt: { type: 'datetime', columnType: 'timestamptz' },
  },
});

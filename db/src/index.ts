export { createOrm, migrateUp, type CreateOrmOptions } from './orm.js';
export { ormConfig } from './mikro-orm.config.js';
export { readDbEnv, type DbEnv } from './config/database.js';
export { ConfigError } from './config/env-schema.js';
export * from './entities/index.js';
export { ReplayRepository, type ReplayState } from './repositories/replay-repository.js';
export { linkOwner, isOwner } from './repositories/ownership-repository.js';
export {
  refreshSummaries,
  syncUserSummaries,
  syncReplayOwners,
  staleSummaryIds,
  reconcileSummaries,
  backfillSummaries,
} from './repositories/summary-repository.js';
export { regroupSessions } from './repositories/play-session-repository.js';
export {
  readHomeAggregates,
  listLibrary,
  countLibrary,
  listPlaySessions,
  listPlaySessionChoices,
  listCountedGames,
  listTrendValues,
  UnknownTrendMetricError,
  type HomeAggregates,
  type LibraryCounts,
  type StoredPlaySession,
  type PlaySessionChoice,
  type CountedGame,
  type TrendMetric,
  type TrendValue,
} from './repositories/dashboard-reads.js';
export {
  resolveStatPeriod,
  validatePeriodChoice,
  defaultPeriodKey,
  PeriodChoiceError,
  PRESET_PERIOD_DAYS,
  STAT_PERIOD_KEYS,
  type PeriodChoice,
  type PresetPeriodKey,
  type StatPeriod,
  type StatPeriodKey,
  type SeasonCount,
  type TimeWindow,
} from './repositories/stat-periods.js';
export type { SummaryListRow, SummaryStats, StoredMeBlocks } from './repositories/summary-list-row.js';
export { SUMMARY_STAT_PATHS, type SummaryStatPath } from './repositories/summary-columns.js';
export {
  readReplayListPage,
  REPLAY_LIST_SORTS,
  type ReplayListQuery,
  type ReplayListSort,
  type ReplayListPage,
  type ReplayListRow,
} from './repositories/replay-list-reads.js';
export {
  readReplayDetail,
  readReplayTrack,
  type ReplayDetailRow,
} from './repositories/replay-detail-reads.js';
export {
  listOwnedReplays,
  readOwnedReplayStatus,
  type OwnedReplay,
  type OwnedReplayStatus,
} from './repositories/owned-replay-reads.js';
export {
  readPreferences,
  writePreferences,
  type StoredPreferences,
} from './repositories/preferences-repository.js';
export {
  listClaimedPlayerKeys,
  claimPlayer,
  ensureHeaderClaims,
  type HeaderClaim,
} from './repositories/player-claim-repository.js';
export {
  findCurrentSession,
  deleteSessionByToken,
  type CurrentSession,
} from './repositories/user-session-repository.js';
export {
  findUserProfile,
  findDemoUserProfile,
  acceptTerms,
  createUserIfAbsent,
  type UserProfile,
} from './repositories/user-repository.js';
export { pingDatabase } from './repositories/health-repository.js';
export {
  signInWithSteamId,
  findOrCreateDevUser,
  linkProviderAccount,
  isKnownProviderAccount,
  userIdByEmail,
  type SteamSignIn,
  type ProviderIdentity,
  type LinkResult,
} from './repositories/sign-in-repository.js';
export {
  readUserDataHead,
  ownedReplayPages,
  listOwnedReplayFiles,
  eraseUserRows,
  countReplaysStoredAt,
  type UserDataHead,
  type ExportedProfile,
  type ExportedAccount,
  type ExportedPreferences,
  type ExportedClaim,
  type ExportedReplay,
  type ExportedExport,
  type ExportedBilling,
  type OwnedReplayFile,
  type ErasedUserRows,
} from './repositories/user-data-repository.js';
export {
  fingerprintCopies,
  matchGuidOf,
  lockMatch,
  copiesOldestFirst,
  foldCopyInto,
  referencedStorageKeys,
  limitTransactionStatements,
  type FingerprintedCopy,
  type StoredCopy,
} from './repositories/match-copies-repository.js';
export {
  replayIdByHash,
  queuedReplayIdsBefore,
  staleAnalysisIds,
  replayOwnerIds,
  replayStatesForUser,
} from './repositories/replay-repository.js';
export {
  startReplayAttempt,
  markReplayFailed,
  saveFirstResult,
  readReanalysisCandidate,
  needsReanalysis,
  markAnalysisCurrent,
  replaceStaleResult,
  readReplayOutcome,
  readReplayError,
  isTerminalStatus,
  type FinalReplayStatus,
  type AnalysedColumns,
  type AnalysedResultColumns,
  type AnalysedReplayColumns,
  type TrackColumns,
  type AttemptStart,
  type SaveOutcome,
  type ReanalysisCandidate,
  type ReplayOutcome,
} from './repositories/replay-processing-repository.js';
export {
  startExportRun,
  markExportReady,
  markExportFailed,
  queuedExportsBefore,
  expiredReadyExports,
  markExportsExpired,
  type ExportRunStart,
  type BuiltExport,
  type ExportRef,
  type ExpiredExport,
} from './repositories/export-job-repository.js';
export { inTransaction, type TransactionOptions } from './repositories/transactions.js';
export * from './enums.js';
export * from './billing/entitlement.js';
export { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
export { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
export * from './rate-limit/index.js';
export * from './http/client-address.js';

import { ReplayOwnershipSchema } from './replay-ownership.js';
import { ReplayResultSchema } from './replay-result.js';
import { ReplaySchema } from './replay.js';
import { UploadBatchSchema, UploadItemSchema } from './upload.js';
import { UserSchema } from './user.js';
import { ReplayTrackSchema } from './replay-track.js';
import { PlayerClaimSchema, UserPreferencesSchema } from './user-preferences.js';
import { authEntities } from './auth.js';
import { UserExportSchema } from './user-export.js';
import { ReplaySummarySchema } from './replay-summary.js';
import { PlaySessionSchema } from './play-session.js';
import { coachEntities } from './coach.js';
import { billingEntities } from './billing.js';
import { reviewRoomEntities } from './review-room.js';
import { JobOutboxSchema } from './job-outbox.js';

export { User, UserKind, UserRole, PlanGrant, UserSchema } from './user.js';
export { Replay, ReplaySchema } from './replay.js';
export { ReplayOwnership, ReplayOwnershipSchema } from './replay-ownership.js';
export { ReplayResult, ReplayResultSchema } from './replay-result.js';
export { UploadBatch, UploadItem, UploadBatchSchema, UploadItemSchema } from './upload.js';
export { ReplayTrack, ReplayTrackSchema } from './replay-track.js';
export { ReplaySummary, ReplaySummarySchema, MatchResult } from './replay-summary.js';
export { PlaySession, PlaySessionSchema } from './play-session.js';
export { BillingCustomer, BillingSubscription, BillingInvoice, StripeWebhookEvent } from './billing.js';
export {
  CoachConversation,
  CoachMessage,
  CoachNote,
  CoachBudget,
  CoachReservation,
  CoachRole,
  CoachNoteSource,
  type StoredToolCall,
  type StoredUsage,
} from './coach.js';
export {
  ReviewRoom,
  ReviewRoomSchema,
  ReviewRoomMember,
  ReviewRoomMemberSchema,
  ReviewRoomInvite,
  ReviewRoomInviteSchema,
  ReviewRoomMessage,
  ReviewRoomMessageSchema,
  ReplayAnnotation,
  ReplayAnnotationSchema,
} from './review-room.js';
export { JobOutbox, JobOutboxSchema } from './job-outbox.js';
export {
  UserPreferences,
  UserPreferencesSchema,
  PlayerClaim,
  PlayerClaimSchema,
} from './user-preferences.js';
export { UserExport, UserExportSchema, UserExportStatus } from './user-export.js';
export {
  Account,
  AccountSchema,
  Session,
  SessionSchema,
  VerificationToken,
  VerificationTokenSchema,
  type AccountType,
} from './auth.js';

/** Every entity schema, for the ORM config. */
export const entities = [
  UserSchema,
  UploadBatchSchema,
  UploadItemSchema,
  ReplaySchema,
  ReplayOwnershipSchema,
  ReplayResultSchema,
  ReplayTrackSchema,
  UserPreferencesSchema,
  PlayerClaimSchema,
  ...authEntities,
  UserExportSchema,
  ReplaySummarySchema,
  PlaySessionSchema,
  ...coachEntities,
  ...billingEntities,
  ...reviewRoomEntities,
  JobOutboxSchema,
];

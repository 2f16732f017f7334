/**
 * Status enums shared by worker, realtime and web. Every consumer handles every
 * value (a switch with an exhaustive `never` check), including the UI.
 */

/** Lifecycle of one stored replay (one match, deduplicated across uploaders). */
export const ReplayStatus = {
  /** Stored and enqueued; no worker has picked it up yet. */
  Queued: 'queued',
  /** A worker is parsing or analysing it. */
  Processing: 'processing',
  /** Fully parsed and analysed. */
  Analysed: 'analysed',
  /** Header results kept, network stream only partly decoded (diagnostics say why). */
  Partial: 'partial',
  /** Corrupt or not decodable at all; `error` holds a human-readable reason. */
  Failed: 'failed',
} as const;
export type ReplayStatus = (typeof ReplayStatus)[keyof typeof ReplayStatus];

/** Named stages a replay moves through, as shown live to the uploader. */
export const ProcessingStage = {
  Queued: 'queued',
  Parsing: 'parsing',
  Analysing: 'analysing',
  Saving: 'saving',
  Done: 'done',
  Failed: 'failed',
} as const;
export type ProcessingStage = (typeof ProcessingStage)[keyof typeof ProcessingStage];

/** Outcome of one file in an upload batch, decided synchronously at upload time. */
export const UploadOutcome = {
  /** New match: stored and enqueued. */
  Accepted: 'accepted',
  /** Same match already stored (by file hash or match GUID): linked to this uploader, not parsed again. */
  Duplicate: 'duplicate',
  /** Refused: not a replay, corrupt header, too large, over the batch limit. Nothing stored. */
  Rejected: 'rejected',
} as const;
export type UploadOutcome = (typeof UploadOutcome)[keyof typeof UploadOutcome];

/**
 * Known error codes → HTTP status and a message safe to show. Anything else is
 * an internal error: logged in full, answered with a generic 500.
 */

export const ErrorCode = {
  Unauthenticated: 'UNAUTHENTICATED',
  TokenInvalid: 'TOKEN_INVALID',
  TokenExpired: 'TOKEN_EXPIRED',
  SessionRequired: 'SESSION_REQUIRED',
  SessionRevoked: 'SESSION_REVOKED',
  SessionExpired: 'SESSION_EXPIRED',
  RateLimited: 'RATE_LIMITED',
  BadRequest: 'BAD_REQUEST',
  Forbidden: 'FORBIDDEN',
  NotFound: 'NOT_FOUND',
  NotMultipart: 'NOT_MULTIPART',
  NoFiles: 'NO_FILES',
  EmptyFile: 'EMPTY_FILE',
  FileTooLarge: 'FILE_TOO_LARGE',
  TooManyFiles: 'TOO_MANY_FILES',
  RequestTooLarge: 'REQUEST_TOO_LARGE',
  UploadAborted: 'UPLOAD_ABORTED',
  MalformedUpload: 'MALFORMED_UPLOAD',
  NotAReplay: 'NOT_A_REPLAY',
  CorruptReplay: 'CORRUPT_REPLAY',
  CorruptHeader: 'CORRUPT_HEADER',
  UnreadableFile: 'UNREADABLE_FILE',
  QueueBusy: 'QUEUE_BUSY',
  CoachNotConfigured: 'COACH_NOT_CONFIGURED',
  PreviewUsed: 'PREVIEW_USED',
  CoachRateLimited: 'COACH_RATE_LIMITED',
  BudgetExhausted: 'BUDGET_EXHAUSTED',
  CoachBusy: 'COACH_BUSY',
  Unavailable: 'SERVICE_UNAVAILABLE',
  InviteExpired: 'INVITE_EXPIRED',
  InviteRevoked: 'INVITE_REVOKED',
  RoomClosed: 'ROOM_CLOSED',
  Internal: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  TOKEN_INVALID: 401,
  TOKEN_EXPIRED: 401,
  SESSION_REQUIRED: 401,
  SESSION_REVOKED: 401,
  SESSION_EXPIRED: 401,
  RATE_LIMITED: 429,
  BAD_REQUEST: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  NOT_MULTIPART: 415,
  NO_FILES: 400,
  EMPTY_FILE: 400,
  FILE_TOO_LARGE: 413,
  TOO_MANY_FILES: 413,
  REQUEST_TOO_LARGE: 413,
  UPLOAD_ABORTED: 400,
  MALFORMED_UPLOAD: 400,
  NOT_A_REPLAY: 415,
  CORRUPT_REPLAY: 422,
  CORRUPT_HEADER: 422,
  UNREADABLE_FILE: 500,
  QUEUE_BUSY: 503,
  COACH_NOT_CONFIGURED: 503,
  PREVIEW_USED: 403,
  COACH_RATE_LIMITED: 429,
  BUDGET_EXHAUSTED: 429,
  COACH_BUSY: 409,
  SERVICE_UNAVAILABLE: 503,
  INVITE_EXPIRED: 410,
  INVITE_REVOKED: 410,
  ROOM_CLOSED: 410,
  INTERNAL: 500,
};

const DEFAULT_MESSAGE: Record<ErrorCode, string> = {
  UNAUTHENTICATED: 'Sign in to continue: no session token was sent.',
  TOKEN_INVALID: 'Your session token is not valid. Sign in again.',
  TOKEN_EXPIRED: 'Your session has expired. Sign in again.',
  SESSION_REQUIRED: 'This token is not tied to a sign-in session. Sign in again.',
  SESSION_REVOKED: 'You have signed out of this session. Sign in again.',
  SESSION_EXPIRED: 'Your sign-in session has expired. Sign in again.',
  RATE_LIMITED: 'Too many requests; slow down and retry later.',
  BAD_REQUEST: 'The request is malformed.',
  FORBIDDEN: 'Your account may not do this. Sign in with a full account.',
  NOT_FOUND: 'Not found.',
  NOT_MULTIPART: 'Send replay files as multipart/form-data.',
  NO_FILES: 'No files were found in the upload.',
  EMPTY_FILE: 'The file is empty.',
  FILE_TOO_LARGE: 'The file is larger than the per-file limit.',
  TOO_MANY_FILES: 'Too many files in one batch.',
  REQUEST_TOO_LARGE: 'The upload is larger than allowed.',
  UPLOAD_ABORTED: 'The upload was interrupted before it finished.',
  MALFORMED_UPLOAD: 'The multipart body could not be read.',
  NOT_A_REPLAY: 'This is not a Rocket League replay file.',
  CORRUPT_REPLAY: 'The replay file is corrupt.',
  CORRUPT_HEADER: 'The replay header is corrupt.',
  UNREADABLE_FILE: 'The uploaded file could not be read; please upload it again.',
  QUEUE_BUSY: 'We are busy processing replays right now; retry in a few minutes.',
  COACH_NOT_CONFIGURED: 'The coach is not configured on this server (no Anthropic API key).',
  PREVIEW_USED: 'You have used your free preview answer. Upgrade to Pro to keep talking to the coach.',
  COACH_RATE_LIMITED: 'You can ask the coach 10 questions an hour; try again later.',
  BUDGET_EXHAUSTED: "You have used this month's coach budget.",
  COACH_BUSY: 'The coach is still answering in this conversation.',
  SERVICE_UNAVAILABLE: 'A backing service is unavailable; retry shortly.',
  INVITE_EXPIRED: 'This invite link has expired. Ask the room owner for a new one.',
  INVITE_REVOKED: 'This invite link was revoked by the room owner.',
  ROOM_CLOSED: 'This review room has been closed.',
  INTERNAL: 'Something went wrong on our side. The error was logged.',
};

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(STATUS, code);
}

/** HTTP status for a code; codes from other packages (the ingest function) are client-side refusals. */
export function statusFor(code: string): number {
  return isErrorCode(code) ? STATUS[code] : 422;
}

export function defaultMessage(code: ErrorCode): string {
  return DEFAULT_MESSAGE[code];
}

export interface SafeError {
  code: string;
  message: string;
}

/** An error we raise on purpose: its code and message are safe to return. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string = DEFAULT_MESSAGE[code],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.status = STATUS[code];
  }
  toJSON(): SafeError {
    return { code: this.code, message: this.message };
  }
}

/** Turn anything thrown into a response-safe error; unknown errors lose their details. */
export function toSafeError(err: unknown): { status: number; error: SafeError; known: boolean } {
  if (err instanceof AppError) return { status: err.status, error: err.toJSON(), known: true };
  return {
    status: 500,
    error: { code: ErrorCode.Internal, message: DEFAULT_MESSAGE.INTERNAL },
    known: false,
  };
}

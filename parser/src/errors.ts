/** Every failure the parser reports is a ReplayError with one of these codes. */
export type ReplayErrorCode =
  | 'NOT_A_REPLAY'
  | 'TRUNCATED'
  | 'CRC_MISMATCH'
  | 'CORRUPT_HEADER'
  | 'CORRUPT_BODY'
  | 'LIST_TOO_LARGE'
  | 'STRING_TOO_LONG'
  | 'UNKNOWN_ATTRIBUTE'
  | 'FRAME_DECODE';

/** Where in the file an error happened, as far as it is known. */
export interface ReplayErrorContext {
  /** Byte offset (header/body sections) or bit offset inside the network stream (see `offsetUnit`). */
  offset?: number;
  offsetUnit?: 'byte' | 'bit';
  /** Section being decoded: 'header', 'header properties', 'levels', 'keyframes', 'network', ... */
  section?: string;
  frame?: number;
  actorId?: number;
  objectId?: number;
  objectName?: string;
  streamId?: number;
  attributeName?: string;
  cause?: unknown;
}

export class ReplayError extends Error {
  readonly code: ReplayErrorCode;
  readonly offset?: number;
  readonly offsetUnit?: 'byte' | 'bit';
  readonly section?: string;
  readonly frame?: number;
  readonly actorId?: number;
  readonly objectId?: number;
  readonly objectName?: string;
  readonly streamId?: number;
  readonly attributeName?: string;

  constructor(code: ReplayErrorCode, message: string, context: ReplayErrorContext = {}) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.name = 'ReplayError';
    this.code = code;
    if (context.offset !== undefined) this.offset = context.offset;
    if (context.offsetUnit !== undefined) this.offsetUnit = context.offsetUnit;
    if (context.section !== undefined) this.section = context.section;
    if (context.frame !== undefined) this.frame = context.frame;
    if (context.actorId !== undefined) this.actorId = context.actorId;
    if (context.objectId !== undefined) this.objectId = context.objectId;
    if (context.objectName !== undefined) this.objectName = context.objectName;
    if (context.streamId !== undefined) this.streamId = context.streamId;
    if (context.attributeName !== undefined) this.attributeName = context.attributeName;
  }

  /** Plain-object form for logs, job results and API responses. */
  toJSON(): { name: string; code: ReplayErrorCode; message: string } & Omit<ReplayErrorContext, 'cause'> {
    const out: { name: string; code: ReplayErrorCode; message: string } & Omit<ReplayErrorContext, 'cause'> =
      {
        name: this.name,
        code: this.code,
        message: this.message,
      };
    if (this.offset !== undefined) out.offset = this.offset;
    if (this.offsetUnit !== undefined) out.offsetUnit = this.offsetUnit;
    if (this.section !== undefined) out.section = this.section;
    if (this.frame !== undefined) out.frame = this.frame;
    if (this.actorId !== undefined) out.actorId = this.actorId;
    if (this.objectId !== undefined) out.objectId = this.objectId;
    if (this.objectName !== undefined) out.objectName = this.objectName;
    if (this.streamId !== undefined) out.streamId = this.streamId;
    if (this.attributeName !== undefined) out.attributeName = this.attributeName;
    return out;
  }

  /** A copy of this error with extra context filled in where it was unknown. */
  withContext(context: ReplayErrorContext, message?: string): ReplayError {
    return new ReplayError(this.code, message ?? this.message, {
      offset: this.offset ?? context.offset,
      offsetUnit: this.offsetUnit ?? context.offsetUnit,
      section: this.section ?? context.section,
      frame: this.frame ?? context.frame,
      actorId: this.actorId ?? context.actorId,
      objectId: this.objectId ?? context.objectId,
      objectName: this.objectName ?? context.objectName,
      streamId: this.streamId ?? context.streamId,
      attributeName: this.attributeName ?? context.attributeName,
      cause: this.cause ?? context.cause,
    });
  }
}

/** Turn anything thrown by the decoder into a ReplayError (a RangeError from a bug must not escape untyped). */
export function asReplayError(
  e: unknown,
  fallback: ReplayErrorCode,
  context: ReplayErrorContext,
): ReplayError {
  if (e instanceof ReplayError) return e.withContext(context);
  const message = e instanceof Error ? e.message : String(e);
  return new ReplayError(fallback, `${context.section ?? 'decoding'} failed: ${message}`, {
    ...context,
    cause: e,
  });
}

/**
 * Carries an exception thrown by a caller's callback (visitor, onProgress) through the decoder, so
 * it reaches the caller unchanged instead of being reported as a decoding failure.
 */
export class CallbackError extends Error {
  constructor(readonly original: unknown) {
    super('callback failed', { cause: original });
    this.name = 'CallbackError';
  }
}

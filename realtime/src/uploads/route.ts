/**
 * POST /api/uploads: authenticated, refused up front when the queue is over its
 * depth, then streamed to temp files and handed to ingest one file at a time.
 *
 * Batch-limit policy: the first UPLOAD_MAX_FILES files are processed; every file
 * after them is answered individually with TOO_MANY_FILES and never stored.
 * Status: 200 when at least one file was accepted or a duplicate; otherwise the
 * status of the shared error code (e.g. 413 when every file was too large), 422
 * for a mix of refusals, 500 when a refusal was our own fault.
 *
 * Nothing a user sent is lost: every file of a batch gets an upload-item row with its outcome
 * (a file whose ingest failed too, with the reason), or, when Postgres cannot even record that,
 * the answer SERVICE_UNAVAILABLE, which the upload client retries by itself. A batch that cannot
 * be opened at all is a 503 + Retry-After, retried the same way.
 */
import { rm } from 'node:fs/promises';
import { Router, type Request, type Response, type NextFunction } from 'express';
import { UploadOutcome } from '@rlcoach/db/enums';
import { policy } from '@rlcoach/db/auth/policy';
import { requireBearer } from '../auth/http-auth.js';
import type { Identity } from '../auth/verify.js';
import type { AuthPolicy } from '../auth/verify.js';
import { AppError, ErrorCode, defaultMessage, statusFor, type SafeError } from '../errors.js';
import { requestClientAddress } from '../http/client-address.js';
import type { IngestFileResult, Logger, QueueGauge, UploadIngestor } from '../ports.js';
import { RateLimitUnavailableError, RateRules, type RateLimiter, type RateRule } from '@rlcoach/db';
import { isTransientFailure } from '@rlcoach/db/ingest/transient';
import { discardTempFiles, receiveUpload, type ReceivedFile, type UploadLimits } from './receive.js';

export interface UploadFileResponse {
  index: number;
  fileName: string;
  outcome: UploadOutcome;
  replayId?: string;
  uploadItemId?: string;
  error?: SafeError;
  preview?: unknown;
}

export interface UploadResponse {
  batchId: string;
  files: UploadFileResponse[];
}

export interface UploadRouteOptions {
  auth: AuthPolicy;
  tmpDir: string;
  limits: UploadLimits;
  queueMaxDepth: number;
  /** Seconds a client should wait before retrying when the queue is full. */
  retryAfterSeconds: number;
  /** Proxies of ours in front of this server (TRUSTED_PROXY_HOPS): how the client address is read. */
  trustedProxyHops: number;
}

export interface UploadRouteDeps {
  ingestor: UploadIngestor;
  queue: QueueGauge;
  limiter: RateLimiter;
  log: Logger;
}

/**
 * The upload's stages for the `Server-Timing` response header (checks: auth, rate limits and
 * backpressure; receive: the multipart stream to temp files; ingest: checks, hashes, rows and the
 * enqueue; cleanup: temp files), so a client (the pipeline bench, a browser's devtools) sees where
 * an upload's time went.
 */
class ServerTiming {
  private readonly parts: string[] = [];
  constructor(private last: number) {}
  mark(name: string): void {
    const now = performance.now();
    this.parts.push(`${name};dur=${(now - this.last).toFixed(2)}`);
    this.last = now;
  }
  header(): string {
    return this.parts.join(', ');
  }
}

export function uploadRouter(deps: UploadRouteDeps, options: UploadRouteOptions): Router {
  const router = Router();
  router.post(
    '/api/uploads',
    (_req, res, next) => {
      res.locals.receivedAt = performance.now();
      next();
    },
    requireBearer(options.auth),
    mayUpload,
    rateLimits(deps, options),
    backpressure(deps, options),
    async (req, res, next) => {
      try {
        const timing = new ServerTiming(res.locals.receivedAt as number);
        timing.mark('checks');
        const received = await receiveUpload(req, options.tmpDir, options.limits);
        timing.mark('receive');
        let body: UploadResponse;
        try {
          if (received.length === 0) throw new AppError(ErrorCode.NoFiles);
          body = await ingestBatch(deps, res.locals.userId as string, received);
          timing.mark('ingest');
        } finally {
          // Before answering, so a client that sees the response never races our clean-up.
          await discardTempFiles(received);
        }
        timing.mark('cleanup');
        res.setHeader('Server-Timing', timing.header());
        res.status(batchStatus(body.files)).json(body);
      } catch (err) {
        // The body may still be arriving; do not keep the connection for another request.
        res.setHeader('Connection', 'close');
        next(err);
      }
    },
  );
  return router;
}

/** Throws RATE_LIMITED (429 + Retry-After) or, when the limiter is down, SERVICE_UNAVAILABLE: fail closed. */
export async function enforce(
  limiter: RateLimiter,
  rule: RateRule,
  subject: string,
  cost = 1,
): Promise<void> {
  let decision;
  try {
    decision = await limiter.consume(rule, subject, cost);
  } catch (err) {
    if (err instanceof RateLimitUnavailableError)
      throw new AppError(
        ErrorCode.Unavailable,
        'Rate limiting is unavailable, so uploads are paused; retry shortly.',
        {
          'Retry-After': '30',
        },
      );
    throw err;
  }
  if (!decision.allowed)
    throw new AppError(ErrorCode.RateLimited, defaultMessage(ErrorCode.RateLimited), {
      'Retry-After': String(Math.ceil(decision.retryAfterMs / 1000)),
    });
}

/** The policy decides who may upload (a guest identity may not), before the body is read. */
function mayUpload(_req: Request, res: Response, next: NextFunction): void {
  const identity = res.locals.identity as Identity;
  const decision = policy.canUpload({ userId: identity.userId, kind: identity.kind });
  if (decision.allowed) return next();
  res.setHeader('Connection', 'close');
  next(new AppError(decision.status === 401 ? ErrorCode.Unauthenticated : ErrorCode.Forbidden));
}

/** Per user request windows (and a looser per-address guard), before the body is read. */
function rateLimits(deps: UploadRouteDeps, options: UploadRouteOptions) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      await enforce(deps.limiter, RateRules.uploadRequestsPerUser, res.locals.userId as string);
      await enforce(
        deps.limiter,
        RateRules.uploadRequestsPerAddress,
        requestClientAddress(req, options.trustedProxyHops),
      );
      next();
    } catch (err) {
      res.setHeader('Connection', 'close');
      next(err);
    }
  };
}

/** Refuse before reading the body: a full queue means the upload would only wait in line. */
function backpressure(deps: UploadRouteDeps, options: UploadRouteOptions) {
  return async (_req: Request, res: Response, next: NextFunction) => {
    let depth: number;
    try {
      depth = await deps.queue.depth();
    } catch (err) {
      deps.log.error('queue depth unavailable', { err });
      res.setHeader('Connection', 'close');
      return next(
        new AppError(ErrorCode.Unavailable, 'The processing queue is unreachable; retry shortly.', {
          'Retry-After': '30',
        }),
      );
    }
    if (depth > options.queueMaxDepth) {
      res.setHeader('Connection', 'close');
      return next(
        new AppError(ErrorCode.QueueBusy, defaultMessage(ErrorCode.QueueBusy), {
          'Retry-After': String(options.retryAfterSeconds),
        }),
      );
    }
    next();
  };
}

async function ingestBatch(
  deps: UploadRouteDeps,
  userId: string,
  received: ReceivedFile[],
): Promise<UploadResponse> {
  const { batchId } = await openBatch(deps, userId, received.length);
  const files: UploadFileResponse[] = [];
  // One at a time, in order: the same match twice in one batch dedupes deterministically.
  for (const file of received) {
    const base = { index: file.index, fileName: file.fileName };
    // A refused file is still recorded in the batch history, then answered with its reason.
    const refuse = async (error: { code: string; message: string }) => {
      const uploadItemId = await recordRefused(deps, {
        userId,
        batchId,
        fileName: file.fileName,
        sizeBytes: file.sizeBytes,
        error,
      });
      // No history row could be written: say so, with the code the client retries by itself.
      const answered = uploadItemId || !deps.ingestor.recordRefused ? error : notRecorded;
      files.push({
        ...base,
        outcome: UploadOutcome.Rejected,
        error: answered,
        ...(uploadItemId ? { uploadItemId } : {}),
      });
    };
    const internal = { code: ErrorCode.Internal, message: defaultMessage(ErrorCode.Internal) };
    if (file.error || !file.tempPath) {
      await refuse(file.error ?? internal);
      continue;
    }
    let result: IngestFileResult;
    try {
      // Each stored file spends one of the user's hourly uploads (brief: 100 per hour).
      await enforce(deps.limiter, RateRules.uploadFilesPerUser, userId);
    } catch (err) {
      await rm(file.tempPath, { force: true });
      delete file.tempPath;
      await refuse(err instanceof AppError ? err.toJSON() : internal);
      continue;
    }
    try {
      result = await deps.ingestor.ingestFile({
        userId,
        batchId,
        fileName: file.fileName,
        tempPath: file.tempPath,
        sizeBytes: file.sizeBytes,
      });
    } catch (err) {
      deps.log.error('ingest failed', { err, userId, batchId, fileName: file.fileName });
      // Recorded with its reason like any refusal, so the batch history keeps every file.
      await rm(file.tempPath, { force: true });
      delete file.tempPath;
      await refuse(isTransientFailure(err) ? unavailable : internal);
      continue;
    } finally {
      // Ingest keeps its own copy; free the disk as we go rather than at the end of a 50-file batch.
      if (file.tempPath) await rm(file.tempPath, { force: true });
      delete file.tempPath;
    }
    files.push({ ...base, ...pickDefined(result) });
  }
  return { batchId, files };
}

/** A backing service failed while this file was ingested; the client resends it by itself. */
const unavailable = {
  code: ErrorCode.Unavailable,
  message: 'The service was briefly unavailable and this file was not stored; it is retried automatically.',
};
/** Not even the refusal could be recorded (Postgres is down): the client resends the file. */
const notRecorded = {
  code: ErrorCode.Unavailable,
  message: 'This file could not be recorded (the database is unavailable); it is retried automatically.',
};

/** The batch row, or a 503 + Retry-After the client retries when Postgres cannot take it now. */
async function openBatch(deps: UploadRouteDeps, userId: string, fileCount: number) {
  try {
    return await deps.ingestor.createBatch(userId, fileCount);
  } catch (err) {
    if (err instanceof AppError) throw err;
    deps.log.error('could not open an upload batch', { err, userId });
    throw new AppError(
      ErrorCode.Unavailable,
      'Uploads are briefly unavailable (the database did not answer); retrying shortly.',
      { 'Retry-After': '5' },
    );
  }
}

/** Waits before each further attempt to write a refusal: a short blip should not cost the row. */
const RECORD_RETRY_MS = [200, 800];

async function recordRefused(
  deps: UploadRouteDeps,
  input: Parameters<NonNullable<UploadIngestor['recordRefused']>>[0],
) {
  if (!deps.ingestor.recordRefused) return undefined;
  for (let attempt = 0; ; attempt++) {
    try {
      return (await deps.ingestor.recordRefused(input)).uploadItemId;
    } catch (err) {
      const wait = RECORD_RETRY_MS[attempt];
      if (wait === undefined) {
        deps.log.error('could not record a refused upload item', { err, batchId: input.batchId });
        return undefined;
      }
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

function pickDefined(r: IngestFileResult): Omit<UploadFileResponse, 'index' | 'fileName'> {
  return {
    outcome: r.outcome,
    ...(r.replayId ? { replayId: r.replayId } : {}),
    ...(r.uploadItemId ? { uploadItemId: r.uploadItemId } : {}),
    ...(r.error ? { error: { code: r.error.code, message: r.error.message } } : {}),
    ...(r.preview !== undefined ? { preview: r.preview } : {}),
  };
}

export function batchStatus(files: UploadFileResponse[]): number {
  if (files.some((f) => f.outcome === UploadOutcome.Accepted || f.outcome === UploadOutcome.Duplicate))
    return 200;
  const codes = new Set(files.map((f) => f.error?.code ?? ErrorCode.Internal));
  if (codes.has(ErrorCode.Internal)) return 500;
  if (codes.size === 1) return statusFor([...codes][0]!);
  return 422;
}

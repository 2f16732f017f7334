/**
 * Streams a multipart upload to temp files with busboy. Limits are enforced
 * while bytes arrive, never after buffering: a file over the per-file limit is
 * cut off at the limit, files past the batch limit are drained unread, and the
 * whole request is aborted past a hard byte ceiling. Nothing is held in memory
 * beyond stream buffers; the caller owns (and must delete) the returned temp files.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { AppError, ErrorCode, defaultMessage, type SafeError } from '../errors.js';

export interface UploadLimits {
  maxFiles: number;
  maxBytesPerFile: number;
  /** Hard ceiling on the whole body (files past the batch limit still travel over the wire). */
  maxRequestBytes: number;
}

export interface ReceivedFile {
  /** Position of the file in the request, from 0. */
  index: number;
  fileName: string;
  /** Bytes received (for a cut-off file: the bytes kept before the cut). */
  sizeBytes: number;
  /** Set when the file was stored completely and is ready for ingest. */
  tempPath?: string;
  /** Set when the file was refused while streaming. */
  error?: SafeError;
}

export function defaultRequestCeiling(maxFiles: number, maxBytesPerFile: number): number {
  return 2 * (maxFiles + 1) * maxBytesPerFile;
}

/** Resolves once every part is handled; rejects with an AppError (temp files already removed). */
export async function receiveUpload(
  req: IncomingMessage,
  tmpDir: string,
  limits: UploadLimits,
): Promise<ReceivedFile[]> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.maxRequestBytes)
    throw new AppError(ErrorCode.RequestTooLarge);

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      defParamCharset: 'utf8',
      limits: {
        fileSize: limits.maxBytesPerFile,
        // Counted ourselves so each extra file gets its own TOO_MANY_FILES answer.
        files: Infinity,
        fields: 32,
        fieldSize: 4096,
        parts: limits.maxFiles * 2 + 64,
      },
    });
  } catch {
    throw new AppError(ErrorCode.NotMultipart);
  }
  await mkdir(tmpDir, { recursive: true });

  const files: ReceivedFile[] = [];
  const writes: Promise<void>[] = [];
  let stored = 0;
  let failure: AppError | null = null;
  let writeError: unknown = null;

  const fail = (err: AppError) => {
    failure ??= err;
    parser.destroy(err);
  };

  parser.on('file', (_field, stream, info) => {
    const entry: ReceivedFile = {
      index: files.length,
      fileName: cleanFileName(info.filename, files.length),
      sizeBytes: 0,
    };
    files.push(entry);
    if (failure) return void stream.resume();

    if (stored >= limits.maxFiles) {
      entry.error = {
        code: ErrorCode.TooManyFiles,
        message: `${defaultMessage(ErrorCode.TooManyFiles)} At most ${limits.maxFiles} files per batch; this one was not stored.`,
      };
      stream.on('data', (chunk: Buffer) => (entry.sizeBytes += chunk.length));
      stream.resume();
      return;
    }
    stored += 1;
    const tempPath = path.join(tmpDir, `${randomUUID()}.upload`);
    entry.tempPath = tempPath;
    stream.on('data', (chunk: Buffer) => (entry.sizeBytes += chunk.length));
    writes.push(
      pipeline(stream, createWriteStream(tempPath, { flags: 'wx' })).then(
        async () => {
          if (stream.truncated) {
            entry.error = {
              code: ErrorCode.FileTooLarge,
              message: `${defaultMessage(ErrorCode.FileTooLarge)} The limit is ${formatMb(limits.maxBytesPerFile)}; the upload was cut off there.`,
            };
          } else if (entry.sizeBytes === 0) {
            entry.error = { code: ErrorCode.EmptyFile, message: defaultMessage(ErrorCode.EmptyFile) };
          }
          if (entry.error) {
            delete entry.tempPath;
            await rm(tempPath, { force: true });
          }
        },
        async (err: unknown) => {
          delete entry.tempPath;
          await rm(tempPath, { force: true });
          // When the form itself broke, the main pipeline fails too and its classification wins;
          // otherwise this was our side (disk full) and the request fails with a logged 500.
          writeError ??= err;
        },
      ),
    );
  });
  parser.on('partsLimit', () =>
    fail(new AppError(ErrorCode.RequestTooLarge, 'The upload has too many parts.')),
  );

  let received = 0;
  const ceiling = new Transform({
    transform(chunk: Buffer, _enc: string, done: TransformCallback) {
      received += chunk.length;
      if (received > limits.maxRequestBytes) return done(new AppError(ErrorCode.RequestTooLarge));
      done(null, chunk);
    },
  });

  try {
    await pipeline(req, ceiling, parser);
  } catch (err) {
    if (!failure) {
      if (err instanceof AppError) failure = err;
      // `complete` is false when the client went away before the whole HTTP message arrived.
      else if (!req.complete) failure = new AppError(ErrorCode.UploadAborted);
      else failure = new AppError(ErrorCode.MalformedUpload);
    }
  }
  await Promise.allSettled(writes);
  if (failure || writeError) {
    await discardTempFiles(files);
    throw failure ?? writeError;
  }
  return files;
}

export async function discardTempFiles(files: ReceivedFile[]): Promise<void> {
  await Promise.all(files.map((f) => (f.tempPath ? rm(f.tempPath, { force: true }) : undefined)));
}

// eslint-disable-next-line no-control-regex -- stripping control characters is the point
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/g;

/** Keep a display name only: no directories, no control characters, bounded length. */
export function cleanFileName(raw: string | undefined, index: number): string {
  const base = path
    .basename((raw ?? '').replace(/\\/g, '/'))
    .replace(CONTROL_CHARS, '')
    .trim();
  return base.slice(0, 255) || `file-${index + 1}`;
}

function formatMb(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return Number.isInteger(mb) ? `${mb} MB` : `${bytes} bytes`;
}

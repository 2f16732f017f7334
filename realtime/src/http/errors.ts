/** Express error handler: known errors answer with their code; unknown ones are logged and hidden. */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, ErrorCode, toSafeError } from '../errors.js';
import type { Logger } from '../ports.js';

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    // Body parsers and Express itself report client mistakes with a 4xx `status`.
    const clientStatus = (err as { status?: unknown }).status;
    const normalised =
      !(err instanceof AppError) &&
      typeof clientStatus === 'number' &&
      clientStatus >= 400 &&
      clientStatus < 500
        ? new AppError(ErrorCode.BadRequest)
        : err;
    const { status, error, known } = toSafeError(normalised);
    if (!known)
      log.error('unhandled request error', {
        err,
        method: req.method,
        path: req.path,
        requestId: res.locals.requestId as unknown,
      });
    if (err instanceof AppError) for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v);
    res.status(status).json({ error });
  };
}

export const notFound: RequestHandler = (_req, _res, next) => next(new AppError(ErrorCode.NotFound));

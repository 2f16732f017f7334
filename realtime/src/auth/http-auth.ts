/** Express middleware: `Authorization: Bearer <token>` → res.locals.userId, or 401 with a code. */
import type { RequestHandler } from 'express';
import { AppError, ErrorCode } from '../errors.js';
import { authenticate } from './verify.js';

export function requireBearer(secret: string): RequestHandler {
  return (req, res, next) => {
    const header = req.headers.authorization;
    let token: string | undefined;
    if (header !== undefined) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!m)
        return next(
          new AppError(ErrorCode.TokenInvalid, 'The Authorization header must be "Bearer <token>".'),
        );
      token = m[1];
    }
    try {
      res.locals.userId = authenticate(secret, token).userId;
      next();
    } catch (err) {
      next(err);
    }
  };
}

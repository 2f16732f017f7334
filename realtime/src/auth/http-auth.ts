/** Express middleware: `Authorization: Bearer <token>` → res.locals.userId (+ identity), or 401 with a code. */
import type { RequestHandler } from 'express';
import { AppError, ErrorCode } from '../errors.js';
import { authenticate, type AuthPolicy } from './verify.js';

export function requireBearer(policy: AuthPolicy): RequestHandler {
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
    authenticate(policy, token).then(
      (identity) => {
        res.locals.userId = identity.userId;
        res.locals.identity = identity;
        next();
      },
      (err: unknown) => {
        // The body is never read for a refused request; do not keep the connection.
        res.setHeader('Connection', 'close');
        next(err);
      },
    );
  };
}

/**
 * Every HTTP request gets an id: the caller's `X-Request-Id` when it is a plain token (a proxy's), a
 * fresh uuid otherwise. It is echoed in the response and put in the log context, so every log
 * line written while the request runs carries it.
 */
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { withLogContext } from '@rlcoach/db/logging/logger';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export const requestId: RequestHandler = (req, res, next) => {
  const given = req.get('x-request-id');
  const id = given && SAFE_ID.test(given) ? given : randomUUID();
  res.locals.requestId = id;
  res.setHeader('x-request-id', id);
  withLogContext({ requestId: id }, next);
};

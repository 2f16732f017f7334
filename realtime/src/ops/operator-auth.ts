/**
 * The operator area over HTTP (`/admin/*`, bull-board): our session token, from
 * `Authorization: Bearer` or the `rlcoach_ops` cookie, must verify (signature and live database
 * session), and the user's current role must pass policy.canOperate. Signed out → 401, a player → 403.
 *
 * The browser gets the cookie from `POST /admin/session` (a form on web's ops page carries a fresh
 * token): HttpOnly, SameSite=Strict, scoped to /admin, and no longer-lived than the token itself.
 */
import express, { Router, type RequestHandler } from 'express';
import { policy } from '@rlcoach/db/auth/policy';
import { verifySessionToken } from '@rlcoach/db/contracts/session-token';
import { AppError, ErrorCode } from '../errors.js';
import { actorOf } from '../auth/actor.js';
import { authenticate, type AuthPolicy } from '../auth/verify.js';
import type { RoleLookup } from '../ports.js';

export const OPS_COOKIE = 'rlcoach_ops';

export interface OperatorAuthDeps {
  auth: AuthPolicy;
  roles?: RoleLookup;
  /** Set the cookie's Secure flag (the public origin is https). */
  secureCookie: boolean;
}

function tokenFrom(req: express.Request): string | undefined {
  const header = req.headers.authorization;
  if (header) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return m?.[1];
  }
  return cookieValue(req.headers.cookie, OPS_COOKIE);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return decodeURIComponent(part.slice(at + 1).trim());
  }
  return undefined;
}

async function assertOperator(deps: OperatorAuthDeps, token: unknown): Promise<void> {
  const identity = await authenticate(deps.auth, token);
  const decision = policy.canOperate(await actorOf(identity, deps.roles));
  if (!decision.allowed)
    throw new AppError(decision.status === 401 ? ErrorCode.Unauthenticated : ErrorCode.Forbidden);
}

/** Middleware in front of every operator route. */
export function requireOperator(deps: OperatorAuthDeps): RequestHandler {
  return (req, res, next) => {
    assertOperator(deps, tokenFrom(req)).then(
      () => {
        res.setHeader('Cache-Control', 'no-store');
        next();
      },
      (err: unknown) => next(err),
    );
  };
}

/** `POST /admin/session` (form field `token`, or a bearer header) → the cookie, then bull-board. */
export function operatorSessionRouter(deps: OperatorAuthDeps): Router {
  const router = Router();
  router.post('/admin/session', express.urlencoded({ extended: false, limit: '8kb' }), (req, res, next) => {
    const body = req.body as { token?: unknown } | undefined;
    const token = typeof body?.token === 'string' ? body.token : tokenFrom(req);
    assertOperator(deps, token).then(
      () => {
        const claims = verifySessionToken(deps.auth.secret, token);
        const maxAge = claims.ok ? Math.max(0, claims.claims.exp - Math.floor(Date.now() / 1000)) : 0;
        res.cookie(OPS_COOKIE, token as string, {
          httpOnly: true,
          sameSite: 'strict',
          secure: deps.secureCookie,
          path: '/admin',
          maxAge: maxAge * 1000,
        });
        res.setHeader('Cache-Control', 'no-store');
        res.redirect(303, '/admin/queues');
      },
      (err: unknown) => next(err),
    );
  });
  return router;
}

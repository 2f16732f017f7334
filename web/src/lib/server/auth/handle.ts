/**
 * Everything `handle` does about identity, in order:
 *  1. sign-in rate limits (per client address, Redis, failing closed),
 *  2. Auth.js (OAuth/OIDC sign-in, callbacks, sign-out) with database sessions,
 *  3. the session cookie → locals.user / locals.sessionId (one Postgres read),
 *  4. terms: a signed-in user who has not accepted them is sent to /terms,
 *  5. the route guard (route-rules.ts + the policy module), before any load or endpoint.
 */
import { SvelteKitAuth } from '@auth/sveltekit';
import { json, redirect, error, type Action, type Handle, type RequestEvent } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import type { Redis } from 'ioredis';
import { createAuthAdapter } from '@rlcoach/db/auth/adapter';
import { refreshPlayerKeys } from '@rlcoach/db/auth/player-identity';
import { SESSION_MAX_AGE_SECONDS } from '@rlcoach/db/auth/sessions';
import { RateLimiter, RateLimitUnavailableError, RateRules, type MikroORM } from '@rlcoach/db';
import { pendingLinkFor } from './authjs-link';
import { currentSession } from './current-session';
import { guardRoute } from './guard';
import { actorOf } from './actor';
import { PROBE_PATHS } from '../probe-paths';
import { pendingLinkSetCookie } from './pending-link';
import { signInProviders } from './providers';
import { isAuthJsPath } from './route-rules';
import { readSessionToken } from './session-cookie';

export interface AuthDeps {
  orm(): Promise<MikroORM>;
  redis(): Redis;
  env: Record<string, string | undefined>;
  /** AUTH_SECRET (validated at boot by the web configuration). */
  authSecret: string;
  /** Redis namespace of the limiter (shared with realtime's RATE_LIMIT_PREFIX). */
  rateLimitPrefix: string;
  /** The client's address by the platform's one rule (TRUSTED_PROXY_HOPS), for per-address limits. */
  clientAddress(event: RequestEvent): string;
}

/** Requests that start or complete a sign-in. */
export function isSignInAttempt(method: string, pathname: string): boolean {
  if (method === 'POST' && (pathname.startsWith('/auth/signin/') || pathname === '/signin/dev')) return true;
  if (pathname.startsWith('/auth/callback/') || pathname.startsWith('/signin/steam')) return true;
  return false;
}

/** Paths a signed-in user without accepted terms may still reach. */
const TERMS_EXEMPT = ['/terms', '/signout', ...PROBE_PATHS];

export function createAuth(deps: AuthDeps): {
  handle: Handle;
  /** Form action: providerId + redirectTo → the provider's authorization page. */
  signIn: Action;
} {
  let limiter: RateLimiter | undefined;

  const rateLimit: Handle = async ({ event, resolve }) => {
    if (!isSignInAttempt(event.request.method, event.url.pathname)) return resolve(event);
    limiter ??= new RateLimiter(deps.redis(), { prefix: deps.rateLimitPrefix });
    try {
      const d = await limiter.consume(RateRules.signInPerAddress, deps.clientAddress(event));
      if (!d.allowed)
        return json(
          { error: { code: 'RATE_LIMITED', message: 'Too many sign-in attempts; wait a little and retry.' } },
          { status: 429, headers: { 'retry-after': String(Math.ceil(d.retryAfterMs / 1000)) } },
        );
    } catch (err) {
      if (!(err instanceof RateLimitUnavailableError)) throw err;
      // Fail closed: sign-in is what an attacker floods while the limiter is down.
      return json(
        { error: { code: 'SERVICE_UNAVAILABLE', message: 'Sign-in is briefly unavailable; retry shortly.' } },
        { status: 503, headers: { 'retry-after': '30' } },
      );
    }
    return resolve(event);
  };

  /** Pending-link cookies for Auth.js' own responses, which SvelteKit's `cookies` does not reach. */
  const pendingLinkCookies = new WeakMap<Request, string>();

  const kit = SvelteKitAuth(async (event) => {
    const orm = await deps.orm();
    return {
      adapter: createAuthAdapter(orm, { tokenSecret: deps.authSecret }),
      providers: signInProviders(deps.env).authjs,
      session: { strategy: 'database', maxAge: SESSION_MAX_AGE_SECONDS },
      secret: deps.authSecret,
      trustHost: true,
      basePath: '/auth',
      pages: { signIn: '/signin', error: '/signin' },
      callbacks: {
        // A provider id new to an existing account waits for the user's "link it" (/signin/link).
        async signIn({ account, user }) {
          if (!account) return true;
          const secure = event.url.protocol === 'https:';
          const current = await currentSession(orm.em.fork(), readSessionToken(event.cookies, secure));
          const pending = await pendingLinkFor(orm, {
            provider: account.provider,
            providerAccountId: account.providerAccountId,
            type: account.type,
            email: user.email ?? null,
            currentUserId: current?.user.id ?? null,
          });
          if (!pending) return true;
          pendingLinkCookies.set(event.request, pendingLinkSetCookie(pending, deps.authSecret, secure));
          return '/signin/link';
        },
      },
      events: {
        // A new Steam/Epic link can make past uploads "mine".
        async linkAccount({ user }) {
          if (user.id) await refreshPlayerKeys(orm.em.fork(), user.id);
        },
      },
    };
  });

  const session: Handle = async ({ event, resolve }) => {
    const orm = await deps.orm();
    const secure = event.url.protocol === 'https:';
    const current = await currentSession(orm.em.fork(), readSessionToken(event.cookies, secure));
    event.locals.sessionId = current?.sessionId ?? null;
    event.locals.deletionDueAt = current?.user.deletionDueAt ?? null;
    if (current)
      event.locals.user = {
        id: current.user.id,
        displayName: current.user.displayName,
        kind: current.user.kind,
        role: current.user.role,
      };
    if (
      current &&
      current.user.termsAcceptedAt === null &&
      // The seeded demo account is a shared showcase, not a person's account.
      current.user.kind !== 'demo' &&
      !isAuthJsPath(event.url.pathname) &&
      !TERMS_EXEMPT.includes(event.url.pathname) &&
      !event.url.pathname.startsWith('/api/')
    )
      redirect(303, `/terms?next=${encodeURIComponent(event.url.pathname + event.url.search)}`);
    return resolve(event);
  };

  const guard: Handle = async ({ event, resolve }) => {
    const orm = await deps.orm();
    const user = event.locals.sessionId ? event.locals.user : null;
    const result = await guardRoute({
      routeId: event.route.id,
      pathname: event.url.pathname,
      params: event.params,
      actor: user ? actorOf(user) : null,
      em: () => orm.em.fork(),
    });
    if (result.allowed) return resolve(event);
    const api = event.url.pathname.startsWith('/api/');
    if (result.status === 401) {
      if (api)
        return json({ error: { code: 'UNAUTHENTICATED', message: 'Sign in to continue.' } }, { status: 401 });
      redirect(303, `/signin?callbackUrl=${encodeURIComponent(event.url.pathname + event.url.search)}`);
    }
    const message = result.status === 404 ? 'Not found.' : 'You do not have access to this.';
    if (api) return json({ error: { code: result.code, message } }, { status: result.status });
    error(result.status, { message, code: result.code });
  };

  const authjs: Handle = async (input) => {
    const response = await kit.handle(input);
    const cookie = pendingLinkCookies.get(input.event.request);
    if (!cookie) return response;
    const out = new Response(response.body, response);
    out.headers.append('set-cookie', cookie);
    return out;
  };

  const all = sequence(rateLimit, authjs, session, guard);
  // Health probes and the scrape stay independent of the database and of Auth.js.
  const handle: Handle = (input) =>
    PROBE_PATHS.has(input.event.url.pathname) ? input.resolve(input.event) : all(input);
  return { handle, signIn: kit.signIn };
}

/**
 * The route guard `handle` runs before any load function, action or endpoint:
 * looks the route up in ROUTE_RULES and asks the policy module. A route with no
 * entry is refused (protect by default).
 */
import type { EntityManager } from '@rlcoach/db';
import { policy, type Actor, type Decision } from '@rlcoach/db/auth/policy';
import { ROUTE_RULES, isAuthJsPath } from './route-rules';

export type GuardResult = { allowed: true; public: boolean } | Extract<Decision, { allowed: false }>;

export async function guardRoute(input: {
  routeId: string | null;
  pathname: string;
  params: Partial<Record<string, string>>;
  actor: Actor | null;
  em: () => EntityManager;
}): Promise<GuardResult> {
  const { routeId, pathname, params, actor } = input;
  if (isAuthJsPath(pathname)) return { allowed: true, public: true };
  // No route matched: SvelteKit answers 404 itself, nothing to protect.
  if (routeId === null) return { allowed: true, public: true };
  const rule = ROUTE_RULES[routeId];
  if (!rule)
    return actor
      ? { allowed: false, status: 404, code: 'NOT_FOUND' }
      : { allowed: false, status: 401, code: 'UNAUTHENTICATED' };
  if (rule.access === 'public') return { allowed: true, public: true };
  let decision: Decision;
  if (rule.access === 'signed-in') decision = policy[rule.rule](actor);
  else decision = await policy[rule.rule](input.em(), actor, params[rule.param] ?? '');
  return decision.allowed ? { allowed: true, public: false } : decision;
}

/**
 * Every server route and every socket command must have an authorization rule.
 * Walks web/src/routes for +page.server.ts, +layout.server.ts and +server.ts, and reads
 * the ClientToServerEvents names out of the socket contract (db/src/contracts/socket-events.ts): adding a route or an
 * event without a rule fails here. Rules must name functions the policy module has.
 */
import { describe, expect, it } from 'vitest';
import { policy } from '@rlcoach/db/auth/policy';
import { ROUTE_RULES, SOCKET_RULES } from '$lib/server/auth/route-rules';
import { clientToServerEvents, serverRouteIds } from './routes-walk';

describe('authorization table', () => {
  const routes = serverRouteIds();
  const events = clientToServerEvents();

  it('finds the routes and events it must cover', () => {
    expect(routes).toContain('/api/replays/[id]');
    expect(events).toContain('replay:status');
  });

  it.each(routes)('route %s has a rule', (id) => {
    expect(
      ROUTE_RULES[id],
      `add ${id} to ROUTE_RULES in web/src/lib/server/auth/route-rules.ts`,
    ).toBeDefined();
  });

  it.each(events)('socket event %s has a rule', (name) => {
    expect(SOCKET_RULES[name], `add ${name} to SOCKET_RULES`).toBeDefined();
  });

  it('every rule names a policy function and every resource rule names a route parameter', () => {
    for (const [id, r] of Object.entries(ROUTE_RULES)) {
      if (r.access === 'public') continue;
      expect(typeof policy[r.rule], `${id} → ${r.rule}`).toBe('function');
      if (r.access === 'resource') expect(id, `${id} has no [${r.param}]`).toContain(`[${r.param}]`);
    }
    for (const [name, rule] of Object.entries(SOCKET_RULES))
      expect(typeof policy[rule], name).toBe('function');
  });

  it('the public allow-list stays small: landing, sign-in, auth callbacks, health, the Stripe webhook', () => {
    const pub = Object.entries(ROUTE_RULES)
      .filter(([, r]) => r.access === 'public')
      .map(([id]) => id);
    // The Stripe webhook authenticates by its signature (db/src/billing/webhook.ts), not a session.
    for (const id of pub)
      expect(id).toMatch(/^\/(healthz|readyz|metrics|\(auth\)\/(signin|signout)|api\/stripe\/webhook$)/);
  });
});

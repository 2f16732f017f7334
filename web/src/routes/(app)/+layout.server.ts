import { webConfig } from '$lib/server/env';
import { mintClientToken } from '$lib/server/session';
import { SESSION_DEPENDENCY } from '$lib/realtime/token';
import { PLAN_DEPENDENCY } from '$lib/billing/plan';
import { planViewOf } from '$lib/server/billing/plan';
import { requestEm } from '$lib/server/dashboard/context';
import { error } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, depends }) => {
  depends(SESSION_DEPENDENCY, PLAN_DEPENDENCY);
  const config = webConfig();
  // The guard admits only signed-in requests here; a session id is part of being signed in.
  if (!locals.sessionId) error(401, { message: 'Sign in to continue.', code: 'UNAUTHENTICATED' });
  return {
    user: locals.user,
    realtime: {
      url: config.realtimeUrl,
      ...mintClientToken(
        config.sessionSecret,
        locals.user.id,
        locals.user.kind,
        locals.sessionId,
        config.clientTokenTtlSeconds,
      ),
    },
    limits: { maxFiles: config.uploadMaxFiles, maxBytes: config.uploadMaxBytes },
    demoAvailable: config.dev,
    deletionDueAt: locals.deletionDueAt,
    // Read fresh on every load (and re-read every PLAN_REFRESH_MS by the layout): never cached.
    plan: await planViewOf(await requestEm(), locals.user.id),
  };
};

import { webConfig } from '$lib/server/env';
import { mintClientToken } from '$lib/server/session';
import { SESSION_DEPENDENCY } from '$lib/realtime/token';
import { error } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals, depends }) => {
  depends(SESSION_DEPENDENCY);
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
  };
};

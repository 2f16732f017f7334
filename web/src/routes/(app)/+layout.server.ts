import { webConfig } from '$lib/server/env';
import { mintClientToken } from '$lib/server/session';
import { SESSION_DEPENDENCY } from '$lib/realtime/token';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals, depends }) => {
  depends(SESSION_DEPENDENCY);
  const config = webConfig();
  return {
    user: locals.user,
    realtime: {
      url: config.realtimeUrl,
      ...mintClientToken(
        config.sessionSecret,
        locals.user.id,
        locals.user.kind,
        config.clientTokenTtlSeconds,
      ),
    },
    limits: { maxFiles: config.uploadMaxFiles, maxBytes: config.uploadMaxBytes },
    demoAvailable: !config.production,
  };
};

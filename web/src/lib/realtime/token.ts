/** Dependency key of the (app) layout load: invalidating it mints a fresh realtime token. */
export const SESSION_DEPENDENCY = 'app:session';

/** Refresh well before the 15-minute token lapses. */
export const TOKEN_REFRESH_MS = 10 * 60 * 1000;

export interface RealtimeAccess {
  url: string;
  token: string;
  expiresAt: string;
}

/** GET /signin/steam: off to Steam's OpenID sign-in (only when Steam is enabled). */
import { error, redirect } from '@sveltejs/kit';
import { providers } from '$lib/server/auth/instance';
import { steamSignInUrl } from '$lib/server/auth/steam-openid';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url }) => {
  const steam = providers().steam;
  if (!steam) error(404, { message: 'Steam sign-in is not enabled.', code: 'NOT_FOUND' });
  redirect(
    303,
    steamSignInUrl({
      endpoint: steam.endpoint,
      returnTo: `${url.origin}/signin/steam/callback`,
      realm: url.origin,
    }),
  );
};

/**
 * GET /signin/steam: off to Steam's OpenID sign-in (only when Steam is enabled), with a
 * fresh state in a short-lived cookie and in return_to (steam-state.ts).
 */
import { error, redirect } from '@sveltejs/kit';
import { providers } from '$lib/server/auth/instance';
import { steamSignInUrl } from '$lib/server/auth/steam-openid';
import { newSteamState, setSteamState, steamCallbackUrl } from '$lib/server/auth/steam-state';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url, cookies }) => {
  const steam = providers().steam;
  if (!steam) error(404, { message: 'Steam sign-in is not enabled.', code: 'NOT_FOUND' });
  const state = newSteamState();
  setSteamState(cookies, state, url.protocol === 'https:');
  redirect(
    303,
    steamSignInUrl({
      endpoint: steam.endpoint,
      returnTo: steamCallbackUrl(url.origin, state),
      realm: url.origin,
    }),
  );
};

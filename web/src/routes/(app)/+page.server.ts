import { error, fail, redirect } from '@sveltejs/kit';
import { webConfig } from '$lib/server/env';
import { writeSession } from '$lib/server/session';
import type { Actions } from './$types';

export const actions: Actions = {
  /** Development only: switch this browser to the seeded demo account to see real parsed replays at once. */
  demo: async ({ locals, cookies, url }) => {
    const config = webConfig();
    if (config.production) error(404, 'Not found');
    const demo = await locals.services.accounts.findDemo();
    if (!demo) {
      return fail(409, {
        demoError: 'The demo account is not seeded yet: run `npm run -s -w db seed`, then try again.',
      });
    }
    writeSession(cookies, config.sessionSecret, demo.id, demo.kind, url.protocol === 'https:');
    redirect(303, '/replays');
  },
};

import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  return { replays: await locals.services.replays.listFor(locals.user.id), title: 'Your replays' };
};

import { fail } from '@sveltejs/kit';
import { dashboardContext } from '$lib/server/dashboard/context';
import { PreferencesError, savePreferences } from '$lib/server/dashboard/library';
import { loadBenchmarks } from '$lib/compare/benchmarks';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  const ctx = await dashboardContext(locals.user.id);
  return { prefs: ctx.prefs, claims: [...ctx.claims] };
};

export const actions: Actions = {
  preferences: async ({ locals, request }) => {
    const form = await request.formData();
    const gap = Number(form.get('sessionGapMinutes'));
    const timeZone = String(form.get('timeZone') ?? '').trim();
    const rank = String(form.get('rankDoubles') ?? '');
    const ranks = loadBenchmarks().ranks;
    if (rank !== '' && !ranks.includes(rank)) return fail(400, { field: 'rank', message: 'Unknown rank.' });
    const ctx = await dashboardContext(locals.user.id);
    try {
      const nextRanks = { ...ctx.prefs.ranks };
      if (rank === '') delete nextRanks.doubles;
      else nextRanks.doubles = rank;
      await savePreferences(ctx.em, ctx.userId, { sessionGapMinutes: gap, timeZone, ranks: nextRanks });
    } catch (e) {
      if (e instanceof PreferencesError) return fail(400, { field: e.field, message: e.message });
      throw e;
    }
    return { saved: true };
  },
};

import { fail } from '@sveltejs/kit';
import { actorOf } from '$lib/server/auth/actor';
import { QueueUnavailableError } from '@rlcoach/db/queues/producer';
import { RateLimitUnavailableError } from '@rlcoach/db';
import {
  accountDeletionSchedule,
  cancelAccountDeletion,
  scheduleAccountDeletion,
} from '@rlcoach/db/auth/account-deletion';
import {
  excludedReplays,
  listClaimedIds,
  setClaimExcluded,
  setCountOverride,
} from '@rlcoach/db/auth/alt-accounts';
import { listExports, requestExport } from '@rlcoach/db/auth/data-exports';
import { policy } from '@rlcoach/db/auth/policy';
import { dashboardContext, requestEm } from '$lib/server/dashboard/context';
import { PreferencesError, savePreferences } from '$lib/server/dashboard/library';
import { exportLimiter, exportRequestsPerUser, graceMs, userJobs } from '$lib/server/account/user-data';
import { RankFormError, ranksFromForm } from '$lib/compare/rank-ladder';
import { portalAction } from '$lib/server/billing/actions';
import { webBilling } from '$lib/server/billing/stripe';
import type { Actions, PageServerLoad } from './$types';

/** Words the user types to confirm "Delete my account". */
const DELETE_CONFIRMATION = 'DELETE';

export const load: PageServerLoad = async ({ locals }) => {
  const ctx = await dashboardContext(locals.user.id, { summaries: false });
  const [exports, deletion, claimedIds, altReplays] = await Promise.all([
    listExports(ctx.em.fork(), ctx.userId, 3),
    accountDeletionSchedule(ctx.em.fork(), ctx.userId),
    listClaimedIds(ctx.em.fork(), ctx.userId),
    excludedReplays(ctx.em.fork(), ctx.userId),
  ]);
  return {
    prefs: ctx.prefs,
    claims: [...ctx.claims],
    claimedIds,
    altReplays,
    exports,
    deletion,
    canDelete: policy.canDeleteAccount(actorOf(locals.user)).allowed,
    billingConfigured: webBilling() !== null,
    canManageBilling: policy.canManageBilling({ userId: locals.user.id, kind: locals.user.kind }).allowed,
  };
};

export const actions: Actions = {
  /** "Manage billing": the Stripe Billing Portal (card, cancel, invoices). */
  portal: ({ locals, url }) => portalAction(locals, url),

  preferences: async ({ locals, request }) => {
    const form = await request.formData();
    const gap = Number(form.get('sessionGapMinutes'));
    const timeZone = String(form.get('timeZone') ?? '').trim();
    const ctx = await dashboardContext(locals.user.id, { summaries: false });
    let nextRanks: Record<string, string>;
    try {
      nextRanks = ranksFromForm(form, ctx.prefs.ranks);
    } catch (e) {
      if (e instanceof RankFormError) return fail(400, { field: 'rank', message: e.message });
      throw e;
    }
    try {
      await savePreferences(ctx.em, ctx.userId, { sessionGapMinutes: gap, timeZone, ranks: nextRanks });
    } catch (e) {
      if (e instanceof PreferencesError) return fail(400, { field: e.field, message: e.message });
      throw e;
    }
    return { saved: true };
  },

  /** "Export my data": one export in flight per user, rate limited per user. */
  export: async ({ locals }) => {
    const userId = locals.user.id;
    try {
      const d = await exportLimiter().consume(exportRequestsPerUser, userId);
      if (!d.allowed)
        return fail(429, {
          dataMessage: `You asked for several exports recently; try again in ${Math.ceil(d.retryAfterMs / 60_000)} minutes.`,
        });
    } catch (e) {
      if (e instanceof RateLimitUnavailableError)
        return fail(503, { dataMessage: 'Exports are briefly unavailable; retry shortly.' });
      throw e;
    }
    const { export: requested, created } = await requestExport(await requestEm(), userId);
    if (created) {
      try {
        await userJobs().enqueueExport({ userId, exportId: requested.id });
      } catch (e) {
        // The row is the outbox: the worker's sweep enqueues queued exports that have no job.
        if (!(e instanceof QueueUnavailableError)) throw e;
      }
    }
    return { exportId: requested.id };
  },

  /** "Delete my account": scheduled after the grace period (ACCOUNT_DELETE_GRACE_DAYS). */
  deleteAccount: async ({ locals, request }) => {
    const decision = policy.canDeleteAccount(actorOf(locals.user));
    if (!decision.allowed) return fail(decision.status, { deleteMessage: 'This account cannot be deleted.' });
    const form = await request.formData();
    if (String(form.get('confirm') ?? '').trim() !== DELETE_CONFIRMATION)
      return fail(400, { deleteMessage: `Type ${DELETE_CONFIRMATION} to confirm.` });
    const schedule = await scheduleAccountDeletion(await requestEm(), locals.user.id, graceMs());
    if (!schedule) return fail(404, { deleteMessage: 'No such account.' });
    try {
      await userJobs().scheduleDeletion(locals.user.id, schedule.dueAt);
    } catch (e) {
      // Postgres holds the schedule; the worker re-creates the job from it on its next sweep.
      if (!(e instanceof QueueUnavailableError)) throw e;
    }
    return { deletionScheduled: schedule.dueAt.toISOString() };
  },

  cancelDeletion: async ({ locals }) => {
    // The schedule first: a job that still runs re-reads it and deletes nothing.
    const cancelled = await cancelAccountDeletion(await requestEm(), locals.user.id);
    try {
      await userJobs().cancelDeletion(locals.user.id);
    } catch (e) {
      if (!(e instanceof QueueUnavailableError)) throw e;
    }
    return { deletionCancelled: cancelled };
  },

  /** Mark a claimed platform id excluded (an alt that must not count) or count it again. */
  exclude: async ({ locals, request }) => {
    const form = await request.formData();
    const key = String(form.get('playerKey') ?? '');
    const excluded = form.get('excluded') === '1';
    if (!(await setClaimExcluded(await requestEm(), locals.user.id, key, excluded)))
      return fail(404, { altMessage: 'You have not claimed that id.' });
    return { altSaved: key };
  },

  /** "Count this one": a replay where the user appears only through an excluded id. */
  countReplay: async ({ locals, request }) => {
    const form = await request.formData();
    const replayId = String(form.get('replayId') ?? '');
    const count = form.get('count') === '1';
    if (!(await setCountOverride(await requestEm(), locals.user.id, replayId, count)))
      return fail(404, { altMessage: 'No such replay in your account.' });
    return { altSaved: replayId };
  },
};

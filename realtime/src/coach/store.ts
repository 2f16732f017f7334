/** CoachStore over db's coach repositories: each call on a fresh entity-manager fork. */
import type { Redis } from 'ioredis';
import { findUserProfile, type MikroORM } from '@rlcoach/db';
import { roleOf } from '@rlcoach/db/repositories/ops-repository';
import { entitlementOf } from '@rlcoach/db/billing/entitlement';
import {
  CoachAskError,
  createAsk,
  finishCoachAnswer,
  readCoachMessage,
  resumeCoachAnswer,
  type CoachAskErrorCode,
  type CoachLimits,
} from '@rlcoach/db/coach/index';
import { AppError, ErrorCode } from '../errors.js';
import type { CoachStore } from './desk.js';

/** createAsk's refusals → the codes the client sees (the message is createAsk's, written for players). */
const CODES: Record<CoachAskErrorCode, ErrorCode> = {
  INVALID: ErrorCode.BadRequest,
  FORBIDDEN: ErrorCode.Forbidden,
  NOT_FOUND: ErrorCode.NotFound,
  BUSY: ErrorCode.CoachBusy,
  RATE_LIMITED: ErrorCode.CoachRateLimited,
  BUDGET_EXHAUSTED: ErrorCode.BudgetExhausted,
  PREVIEW_USED: ErrorCode.PreviewUsed,
};

export function coachStore(orm: MikroORM, redis: Redis, limits: CoachLimits): CoachStore {
  return {
    async asker(userId) {
      const em = orm.em.fork();
      const user = await findUserProfile(em, userId);
      if (!user) return null;
      return {
        actor: { userId, kind: user.kind, role: (await roleOf(em, userId)) ?? 'player' },
        entitlement: await entitlementOf(em, userId),
      };
    },

    async createAsk(userId, ask) {
      try {
        return await createAsk(orm.em.fork(), userId, ask, limits);
      } catch (err) {
        if (err instanceof CoachAskError) throw new AppError(CODES[err.code], err.message);
        throw err;
      }
    },

    async abandon(messageId, reason) {
      await finishCoachAnswer(orm.em.fork(), messageId, {
        status: 'failed',
        text: '',
        reason,
        toolCalls: null,
        usage: null,
        lastSeq: null,
      });
    },

    async message(userId, messageId) {
      const m = await readCoachMessage(orm.em.fork(), userId, messageId);
      return m && m.role === 'assistant' ? { status: m.status } : null;
    },

    resume: (userId, messageId, afterSeq) =>
      resumeCoachAnswer(redis, orm.em.fork(), userId, messageId, afterSeq),
  };
}

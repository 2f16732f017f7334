/**
 * What the coach may spend, in one place: the monthly token budget of a Pro player (input +
 * output), the hourly question limit, and the preview allowance of a free player. Read from the
 * environment by the processes' config schemas (`coachLimitsShape` in config/pieces.ts).
 */

export interface CoachLimits {
  /** Tokens (input + output) a Pro player may use per calendar month (UTC). */
  monthlyTokens: number;
  /** Questions per user per rolling hour. */
  requestsPerHour: number;
  /** Tokens a free player's one preview answer may use in all. */
  previewTokens: number;
}

export const DEFAULT_COACH_LIMITS: CoachLimits = {
  monthlyTokens: 150_000,
  requestsPerHour: 10,
  previewTokens: 20_000,
};

/** The UI warns from this share of the monthly budget on. */
export const COACH_BUDGET_WARN_RATIO = 0.8;

/** First instant of `now`'s calendar month, UTC: the budget period a call is charged to. */
export function budgetPeriodStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

/** When the budget of `now`'s month starts again. */
export function budgetResetsAt(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
}

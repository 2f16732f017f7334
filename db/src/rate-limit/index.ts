export {
  RateLimiter,
  RateLimitUnavailableError,
  type RateDecision,
  type RateLimiterOptions,
  type RateRule,
  type Window,
} from './limiter.js';
export { HOUR_MS, MINUTE_MS, RateRules } from './rules.js';

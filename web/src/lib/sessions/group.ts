/** Play-session grouping lives in db/ (sessions are computed and stored there); re-exported for the web app. */
export {
  DEFAULT_SESSION_GAP_MINUTES,
  MAX_SESSION_GAP_MINUTES,
  MIN_SESSION_GAP_MINUTES,
  clampGap,
  groupSessions,
  sessionIdFor,
  type PlaySession,
  type SessionMatch,
} from '@rlcoach/db/repositories/session-grouping';

/**
 * The one place the dashboards read an ownership's counts-in-stats flag (SQL over alias `o` =
 * replay_ownerships). `counts` is kept by refreshPlayerKeys / alt-accounts: the owner plays in the
 * match through an id that is not excluded, or an excluded one with a per-replay override.
 * Summaries store the value they were computed with, so any change of the flag makes their rows
 * stale and they are recomputed (reconcileSummaries).
 */
export const OWNERSHIP_COUNTS_SQL = 'o.counts';

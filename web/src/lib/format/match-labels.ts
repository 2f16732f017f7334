/**
 * The labels a replay is shown with (playlist, date with its time-zone label, players per team):
 * db's one module, shared by the upload card, the Replays list and the replay page.
 */
export {
  playlistLabel,
  matchDateLabel,
  utcDateLabel,
  localDateLabel,
  teamRosters,
  rosterLabel,
  type MatchWhen,
  type RosterPlayer,
  type TeamRosters,
} from '@rlcoach/db/repositories/match-labels';

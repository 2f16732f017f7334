/** Match time rules live in db/ (the worker stores match times with them); re-exported for the web app. */
export { isValidTimeZone, localHeaderDateToIso, matchTime } from '@rlcoach/db/repositories/match-time';

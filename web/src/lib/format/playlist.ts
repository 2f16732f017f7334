/** Friendly playlist names live in db/ (summaries store them); re-exported for the web app. */
export { playlistLabel } from '@rlcoach/db/repositories/playlist-label';

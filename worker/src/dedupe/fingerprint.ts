/**
 * What "the same match" means. Two uploads are the same match when they carry the same match
 * GUID AND decode to exactly what a user would be shown for them: the header as read (players
 * with their names, platform ids, teams and stats; goals with frame, scorer and team; map, date,
 * frame count, duration), the network decode summary (status, frames decoded, diagnostics), the
 * analysis report, and the positions track. Nothing else can be merged: a merged owner sees
 * exactly what their own bytes would have shown them, so no upload can lend its content (edited
 * names, invented goals, a borrowed analysis) to anyone else's.
 *
 * Computed in SQL from the rows the worker saved: jsonb's text form is canonical (keys sorted,
 * no whitespace), so equal content gives equal text. `replayId`-bearing rows (the scoreboard)
 * are left out; the scoreboard is derived from the header anyway.
 */
import type { EntityManager } from '@rlcoach/db';

/** Only finished decodes have a fingerprint: a failed copy is never merged with anything. */
const FINGERPRINT_SQL = `
  update replays r
     set match_fingerprint = encode(sha256(
           convert_to(jsonb_build_array(r.match_guid, r.header, res.report, res.network,
                                        res.frames_decoded, res.frames_total)::text, 'UTF8')
           || coalesce(t.data, ''::bytea)), 'hex')
    from replay_results res
    left join replay_tracks t on t.replay_id = res.replay_id
   where r.match_guid = ? and res.replay_id = r.id and r.status in ('analysed', 'partial')
  returning r.id, r.match_fingerprint`;

export interface FingerprintedCopy {
  id: string;
  match_fingerprint: string;
}

/**
 * (Re)compute the fingerprint of every decoded upload carrying `matchGuid`, from their current
 * results (a re-analysis changes them), and return those copies. Undecoded copies are absent.
 */
export async function fingerprintCopies(em: EntityManager, matchGuid: string): Promise<FingerprintedCopy[]> {
  return em
    .getConnection()
    .execute<FingerprintedCopy[]>(FINGERPRINT_SQL, [matchGuid], 'all', em.getTransactionContext());
}

/**
 * What a row shows, derived from its upload phase and the replay's live state:
 * one label, a tone, a bar position and a sentence. Pure, so every combination is tested.
 */
import { ProcessingStage } from '@rlcoach/db/enums';
import { pipelinePercent, unreachable, type ReplayLive } from '$lib/realtime/replay-live';
import { errorText } from '$lib/format/error-text';
import type { RowUpload } from './upload-row.svelte';

export type Tone = 'neutral' | 'active' | 'good' | 'warn' | 'bad';

/** Stable machine-readable status (data-status in the DOM; the e2e test reads it). */
export type RowStatus =
  | 'checking'
  | 'refused'
  | 'waiting'
  | 'uploading'
  | 'queued'
  | 'parsing'
  | 'analysing'
  | 'saving'
  | 'done'
  | 'partial'
  | 'failed';

export interface RowView {
  status: RowStatus;
  label: string;
  tone: Tone;
  /** Bar position 0–100, or null when there is no bar to show. */
  percent: number | null;
  detail: string | null;
  /** Technical text behind the detail (a parser error), shown only on request. */
  technical: string | null;
  duplicate: boolean;
}

export function rowView(upload: RowUpload, live: ReplayLive | undefined): RowView {
  switch (upload.kind) {
    case 'checking':
      return view('checking', 'Checking file…', 'neutral', null, null);
    case 'refused':
      return {
        ...view('refused', refusedLabel(upload.code), 'bad', null, upload.message),
        technical: upload.detail ?? null,
      };
    case 'waiting':
      return view('waiting', 'Waiting to upload', 'neutral', 0, null);
    case 'uploading':
      return view('uploading', `Uploading ${upload.percent}%`, 'active', upload.percent, null);
    case 'accepted':
      return liveView(live, false);
    case 'duplicate':
      return liveView(live, true);
    default:
      return unreachable(upload);
  }
}

function liveView(live: ReplayLive | undefined, duplicate: boolean): RowView {
  const dupNote = duplicate ? 'Already in rlcoach: linked to your account without parsing it again.' : null;
  if (live === undefined) return { ...view('queued', 'Queued', 'active', 2, dupNote), duplicate };
  const percent = pipelinePercent(live);
  switch (live.phase) {
    case 'processing': {
      const v = stageView(live.stage, live.percent, percent);
      return { ...v, detail: dupNote, duplicate };
    }
    case 'settling':
      return { ...view('saving', 'Saving', 'active', percent, dupNote), duplicate };
    case 'finished':
      if (live.status === 'partial') {
        const note = errorText(
          live.note,
          'Only part of the match stream could be decoded; the scoreboard comes from the replay header.',
        );
        return {
          ...view('partial', 'Partial', 'warn', percent, note.sentence),
          technical: note.detail,
          duplicate,
        };
      }
      return { ...view('done', 'Done', 'good', percent, dupNote), duplicate };
    case 'failed': {
      const reason = errorText(live.reason, 'Processing failed; no reason was given.');
      return {
        ...view('failed', 'Failed', 'bad', percent, reason.sentence),
        technical: reason.detail,
        duplicate,
      };
    }
    default:
      return unreachable(live);
  }
}

function stageView(
  stage: 'queued' | 'parsing' | 'analysing' | 'saving',
  stagePercent: number,
  percent: number,
): RowView {
  switch (stage) {
    case ProcessingStage.Queued:
      return view('queued', 'Queued', 'active', percent, null);
    case ProcessingStage.Parsing:
      return view('parsing', `Parsing ${Math.round(stagePercent)}%`, 'active', percent, null);
    case ProcessingStage.Analysing:
      return view('analysing', 'Analysing', 'active', percent, null);
    case ProcessingStage.Saving:
      return view('saving', 'Saving', 'active', percent, null);
    default:
      return unreachable(stage);
  }
}

function refusedLabel(code: string): string {
  switch (code) {
    case 'FILE_TOO_LARGE':
    case 'REQUEST_TOO_LARGE':
      return 'Too large';
    case 'NOT_A_REPLAY':
      return 'Not a replay';
    case 'CORRUPT_REPLAY':
    case 'CORRUPT_HEADER':
    case 'CRC_MISMATCH':
      return 'Corrupt';
    case 'TRUNCATED':
      return 'Truncated';
    case 'TOO_MANY_FILES':
      return 'Over the batch limit';
    case 'QUEUE_BUSY':
    case 'SERVICE_UNAVAILABLE':
      return 'Server busy';
    case 'UNAUTHENTICATED':
    case 'TOKEN_INVALID':
    case 'TOKEN_EXPIRED':
      return 'Session expired';
    case 'NETWORK':
      return 'Not sent';
    default:
      return 'Refused';
  }
}

function view(
  status: RowStatus,
  label: string,
  tone: Tone,
  percent: number | null,
  detail: string | null,
): RowView {
  return { status, label, tone, percent, detail, technical: null, duplicate: false };
}

/** One file the user dropped, from the browser check through the upload to a replay id. */
import type { HeaderPreview } from './header-preview';
import type { MatchPreview } from './preview';

export type RowUpload =
  | { kind: 'checking' }
  /** Never stored: refused in the browser or by the server. `retryable` when sending again can help. */
  | { kind: 'refused'; code: string; message: string; detail?: string; retryable: boolean }
  | { kind: 'waiting' }
  | { kind: 'uploading'; percent: number }
  | { kind: 'accepted'; replayId: string }
  /** Same match already stored: linked to this account, not parsed again. */
  | { kind: 'duplicate'; replayId: string };

let nextId = 0;

export class UploadRow {
  readonly id = `row-${++nextId}`;
  readonly name: string;
  readonly size: number;
  upload: RowUpload = $state({ kind: 'checking' });
  /** Scoreboard decoded in the browser from the file's header, before the upload. */
  header: HeaderPreview | null = $state(null);
  /** Header summary from the upload response (fallback when the browser decode gave none). */
  preview: MatchPreview | null = $state(null);

  constructor(readonly file: File) {
    this.name = file.name;
    this.size = file.size;
  }

  get replayId(): string | null {
    return this.upload.kind === 'accepted' || this.upload.kind === 'duplicate' ? this.upload.replayId : null;
  }
}

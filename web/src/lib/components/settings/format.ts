/** Display helpers of the Settings "Your data" section (pure: rendered the same on server and client). */

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** A date in the user's chosen time zone (Settings → Preferences), never the server's. */
export function formatDateTime(when: Date | string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone }).format(
    new Date(when),
  );
}

const PLATFORMS: Record<string, string> = {
  steam: 'Steam',
  epic: 'Epic',
  psn: 'PlayStation',
  xbox: 'Xbox',
  switch: 'Switch',
};

/**
 * A claimed id for people: "steam:76561198012345678" → { platform: "Steam", id: "76561198012345678" }.
 * Used beside the in-game name, or alone when no analysed replay names the id yet.
 */
export function playerKeyParts(key: string): { platform: string; id: string } {
  const at = key.indexOf(':');
  if (at < 0) return { platform: 'Player', id: key };
  const platform = key.slice(0, at);
  return { platform: PLATFORMS[platform] ?? platform, id: key.slice(at + 1) };
}

export interface ExportRow {
  id: string;
  status: 'queued' | 'running' | 'ready' | 'failed' | 'expired';
  bytes: number | null;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  expiresAt: Date | null;
}

export const exportHref = (id: string) => `/account/exports/${id}`;

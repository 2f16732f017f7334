/**
 * Erases one user: their row and everything that cascades from it (accounts, sessions,
 * preferences, claims, upload batches, ownerships, exports), the replays nobody else owns,
 * those replays' stored files and the user's export archives. Deleting the sessions revokes every realtime token too.
 */
import { countReplaysStoredAt, eraseUserRows, type EntityManager } from '@rlcoach/db';
import type { UserDeleteProgress } from '@rlcoach/db/contracts/jobs';
import type { ObjectStore } from '@rlcoach/db/storage/store';

export interface DeleteUserOutcome {
  userFound: boolean;
  replaysRemoved: number;
  filesRemoved: number;
}

export interface DeleteUserOptions {
  /**
   * Delete only if the user's scheduled deletion is still set and due by this time: checked in
   * the deleting statement itself, so a cancel that commits first always wins.
   */
  scheduledBy?: Date;
  /** Told after the rows are gone and after the files are: the job's progress. */
  onProgress?: (progress: UserDeleteProgress) => Promise<void> | void;
}

export async function deleteUserData(
  em: EntityManager,
  storage: ObjectStore,
  userId: string,
  options: DeleteUserOptions = {},
): Promise<DeleteUserOutcome> {
  const {
    userFound,
    removedReplayKeys: keys,
    exportArchiveKeys: archives,
  } = await eraseUserRows(em, userId, options.scheduledBy);
  if (userFound)
    await options.onProgress?.({ stage: 'rows-deleted', replaysRemoved: keys.length, filesRemoved: 0 });
  // Files go after the commit: a crash here leaves an orphan file, never a row without its file.
  let filesRemoved = 0;
  for (const key of new Set(keys)) {
    if ((await countReplaysStoredAt(em, key)) > 0) continue;
    await storage.remove(key);
    filesRemoved++;
  }
  // Their export archives are theirs alone (rows went with the user by cascade).
  for (const key of archives) await storage.remove(key);
  if (userFound)
    await options.onProgress?.({ stage: 'files-removed', replaysRemoved: keys.length, filesRemoved });
  return { userFound, replaysRemoved: keys.length, filesRemoved };
}

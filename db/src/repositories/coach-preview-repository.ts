/** Whether a free player's one preview answer is still available (the Coach page asks; createAsk decides). */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sqlAll } from './sql-exec.js';

/** True once the user has a preview answer that did not fail (createAsk counts the same way). */
export async function coachPreviewTaken(em: EntityManager, userId: string): Promise<boolean> {
  const [row] = await sqlAll<{ taken: boolean }>(
    em,
    `select exists(select 1 from coach_messages
       where user_id = ? and role = 'assistant' and preview and status <> 'failed') as taken`,
    [userId],
  );
  return row?.taken === true;
}

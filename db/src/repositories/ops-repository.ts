/** Reads and writes of the operator area: roles (fresh on every check, so a demotion bites at once) and Postgres figures. */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { UserRole } from '../entities/user.js';
import { sqlAll } from './sql-exec.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The user's role now, or null when the user does not exist. */
export async function roleOf(em: EntityManager, userId: string): Promise<UserRole | null> {
  if (!UUID.test(userId)) return null;
  const [r] = await sqlAll<{ role: UserRole }>(em, 'select role from users where id = ?', [userId]);
  return r?.role ?? null;
}

/** Roles of several users at once (missing users are absent from the map). */
export async function rolesOf(em: EntityManager, userIds: string[]): Promise<Map<string, UserRole>> {
  const ids = userIds.filter((id) => UUID.test(id));
  if (ids.length === 0) return new Map();
  const rows = await sqlAll<{ id: string; role: UserRole }>(
    em,
    'select id, role from users where id in (?)',
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r.role]));
}

/**
 * Set the role of the user named by id or (verified) email. Returns the user changed, or null when
 * nobody matches. Used by `npm run -s rlcoach -- admin grant|revoke` and the development sign-in.
 */
export async function setRole(
  em: EntityManager,
  who: string,
  role: UserRole,
): Promise<{ id: string; displayName: string; email: string | null } | null> {
  const byId = UUID.test(who);
  const rows = await sqlAll<{ id: string; display_name: string; email: string | null }>(
    em,
    `update users set role = ? where ${byId ? 'id = ?' : 'email = lower(?)'}
     returning id, display_name, email`,
    [role, who.trim()],
  );
  const r = rows[0];
  return r ? { id: r.id, displayName: r.display_name, email: r.email } : null;
}

/** Client connections to this database, and the server's ceiling. */
export async function postgresConnections(
  em: EntityManager,
): Promise<{ connections: number; maxConnections: number }> {
  const [r] = await sqlAll<{ connections: string | number; max: string }>(
    em,
    `select (select count(*) from pg_stat_activity where datname = current_database()) as connections,
            current_setting('max_connections') as max`,
  );
  return { connections: Number(r?.connections ?? 0), maxConnections: Number(r?.max ?? 0) };
}

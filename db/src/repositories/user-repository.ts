/** Users as the web app sees them: looked up by id, the demo user, and accepting the terms. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { User, type UserKind } from '../entities/user.js';
import { sqlRun } from './sql-exec.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface UserProfile {
  id: string;
  displayName: string;
  kind: UserKind;
}

const toProfile = (u: User): UserProfile => ({ id: u.id, displayName: u.displayName, kind: u.kind });

/** A user by id; any string is accepted (a cookie can carry anything), only a uuid can match. */
export async function findUserProfile(em: EntityManager, userId: string): Promise<UserProfile | null> {
  if (!UUID.test(userId)) return null;
  const user = await em.findOne(User, { id: userId });
  return user ? toProfile(user) : null;
}

/** The oldest demo user (the seeded one), if any. */
export async function findDemoUserProfile(em: EntityManager): Promise<UserProfile | null> {
  const user = await em.findOne(User, { kind: 'demo' }, { orderBy: { createdAt: 'asc' } });
  return user ? toProfile(user) : null;
}

/** Record the first acceptance of the terms; later calls keep the first date. */
export async function acceptTerms(em: EntityManager, userId: string): Promise<void> {
  await sqlRun(em, 'update users set terms_accepted_at = now() where id = ? and terms_accepted_at is null', [
    userId,
  ]);
}

/** Create the user with this fixed id unless it exists (the demo account); true when created. */
export async function createUserIfAbsent(em: EntityManager, profile: UserProfile): Promise<boolean> {
  if (await em.findOne(User, profile.id)) return false;
  em.create(User, { id: profile.id, displayName: profile.displayName, kind: profile.kind } as User);
  await em.flush();
  return true;
}

import { randomUUID } from 'node:crypto';
import { EntitySchema, type Opt } from '@mikro-orm/core';

export const UserKind = { Guest: 'guest', Demo: 'demo', Member: 'member' } as const;
export type UserKind = (typeof UserKind)[keyof typeof UserKind];

/** What a user may administer: operators see the ops area (queues, Redis, metrics); players do not. */
export const UserRole = { Player: 'player', Admin: 'admin' } as const;
export type UserRole = (typeof UserRole)[keyof typeof UserRole];

/**
 * Pro granted by hand, whatever billing says: the development sign-in, tests and staff comps.
 * Paid Pro comes from the subscription (billing); the entitlement reads both.
 */
export const PlanGrant = { Pro: 'pro' } as const;
export type PlanGrant = (typeof PlanGrant)[keyof typeof PlanGrant];

export class User {
  id: string = randomUUID();
  displayName!: string;
  kind!: UserKind;
  /** Lower-cased; only ever a provider-verified address (auto-linking relies on that). Null for Steam-only users. */
  email: string | null = null;
  emailVerified: Date | null = null;
  image: string | null = null;
  /** When the user accepted the terms; null until they do (sign-in asks first). */
  termsAcceptedAt: Date | null = null;
  /** "Delete my account" was asked for at this time; null when no deletion is scheduled. */
  deletionRequestedAt: Date | null = null;
  /**
   * When the scheduled deletion runs (request + grace period). The source of truth for the
   * delayed `user.delete` job: the worker re-enqueues a missing job from this on start.
   */
  deletionDueAt: Date | null = null;
  role: UserRole & Opt = UserRole.Player;
  planGrant: (PlanGrant & Opt) | null = null;
  createdAt: Date = new Date();
}

export const UserSchema = new EntitySchema<User>({
  class: User,
  tableName: 'users',
  // The worker's deletion sweep lists the scheduled users.
  indexes: [{ name: 'users_deletion_due_at_idx', properties: ['deletionDueAt'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    displayName: { type: 'string', length: 64 },
    kind: { enum: true, items: () => Object.values(UserKind) },
    email: { type: 'string', length: 320, nullable: true, unique: 'users_email_unique' },
    emailVerified: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    image: { type: 'text', nullable: true },
    termsAcceptedAt: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    deletionRequestedAt: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    deletionDueAt: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    role: { enum: true, items: () => Object.values(UserRole), default: UserRole.Player },
    planGrant: { enum: true, items: () => Object.values(PlanGrant), nullable: true },
    createdAt: { type: 'datetime', columnType: 'timestamptz' },
  },
});

import { randomUUID } from 'node:crypto';
import { EntitySchema, type Opt, type Ref } from '@mikro-orm/core';
import type { User } from './user.js';

/** Lifecycle of one "Export my data" request. */
export const UserExportStatus = {
  Queued: 'queued',
  Running: 'running',
  Ready: 'ready',
  Failed: 'failed',
  /** Past expiresAt: the archive is deleted, the row stays as history. */
  Expired: 'expired',
} as const;
export type UserExportStatus = (typeof UserExportStatus)[keyof typeof UserExportStatus];

/** One data export (product brief §13): built by the `user.export` job, downloadable by its owner until it expires. */
export class UserExport {
  id: string = randomUUID();
  user!: Ref<User>;
  status: UserExportStatus & Opt = UserExportStatus.Queued;
  /** Archive path relative to STORAGE_DIR, set when ready. */
  storageKey: string | null = null;
  bytes: number | null = null;
  /** Readable reason when failed. */
  error: string | null = null;
  createdAt: Date & Opt = new Date();
  finishedAt: Date | null = null;
  /** After this the archive is refused and removed. */
  expiresAt: Date | null = null;
}

export const UserExportSchema = new EntitySchema<UserExport>({
  class: UserExport,
  tableName: 'user_exports',
  indexes: [{ name: 'user_exports_user_created_idx', properties: ['user', 'createdAt'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    user: { kind: 'm:1', entity: 'User', ref: true, deleteRule: 'cascade' },
    status: { enum: true, items: () => Object.values(UserExportStatus), default: UserExportStatus.Queued },
    storageKey: { type: 'string', length: 255, nullable: true },
    bytes: { type: 'bigint', nullable: true, runtimeType: 'number' },
    error: { type: 'text', nullable: true },
    createdAt: { type: 'datetime', columnType: 'timestamptz' },
    finishedAt: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    expiresAt: { type: 'datetime', columnType: 'timestamptz', nullable: true },
  },
});

import { randomUUID } from 'node:crypto';
import { EntitySchema, type Opt, type Ref } from '@mikro-orm/core';
import type { UploadOutcome } from '../enums.js';
import { UploadOutcome as Outcomes } from '../enums.js';
import type { Replay } from './replay.js';
import type { User } from './user.js';

/** One multi-file upload request. */
export class UploadBatch {
  id: string = randomUUID();
  user!: Ref<User>;
  fileCount!: number;
  createdAt: Date & Opt = new Date();
}

/** One file of a batch and what happened to it; kept even when refused, so the history is complete. */
export class UploadItem {
  id: string = randomUUID();
  batch!: Ref<UploadBatch>;
  fileName!: string;
  sizeBytes!: number;
  outcome!: UploadOutcome;
  errorCode: string | null = null;
  errorMessage: string | null = null;
  replay: Ref<Replay> | null = null;
  createdAt: Date & Opt = new Date();
}

export const UploadBatchSchema = new EntitySchema<UploadBatch>({
  class: UploadBatch,
  tableName: 'upload_batches',
  indexes: [{ name: 'upload_batches_user_created_idx', properties: ['user', 'createdAt'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    user: { kind: 'm:1', entity: 'User', ref: true, deleteRule: 'cascade' },
    fileCount: { type: 'integer' },
    createdAt: { type: 'datetime', columnType: 'timestamptz' },
  },
});

export const UploadItemSchema = new EntitySchema<UploadItem>({
  class: UploadItem,
  tableName: 'upload_items',
  indexes: [
    { name: 'upload_items_batch_id_idx', properties: ['batch'] },
    { name: 'upload_items_replay_id_idx', properties: ['replay'] },
  ],
  properties: {
    id: { type: 'uuid', primary: true },
    batch: { kind: 'm:1', entity: 'UploadBatch', ref: true, deleteRule: 'cascade' },
    fileName: { type: 'string', length: 255 },
    sizeBytes: { type: 'integer' },
    outcome: { enum: true, items: () => Object.values(Outcomes) },
    errorCode: { type: 'string', length: 64, nullable: true },
    errorMessage: { type: 'text', nullable: true },
    replay: { kind: 'm:1', entity: 'Replay', ref: true, nullable: true, deleteRule: 'set null' },
    createdAt: { type: 'datetime', columnType: 'timestamptz' },
  },
});

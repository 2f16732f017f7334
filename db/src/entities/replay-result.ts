import { EntitySchema, type Opt, type Ref } from '@mikro-orm/core';
import type { Replay } from './replay.js';

/** Output of processing one replay (1:1). Written once, in the same transaction as the replay's final status. */
export class ReplayResult {
  replay!: Ref<Replay>;
  scoreboard!: Record<string, unknown>;
  /** Analysis report (issue #4 fills it); null until then. */
  report: Record<string, unknown> | null = null;
  /** Network-stream decode summary: status, recovered fraction, diagnostics. */
  network!: Record<string, unknown>;
  framesDecoded!: number;
  framesTotal!: number;
  createdAt: Date & Opt = new Date();
}

export const ReplayResultSchema = new EntitySchema<ReplayResult>({
  class: ReplayResult,
  tableName: 'replay_results',
  properties: {
    replay: { kind: '1:1', entity: 'Replay', primary: true, ref: true, owner: true, deleteRule: 'cascade' },
    scoreboard: { type: 'json' },
    report: { type: 'json', nullable: true },
    network: { type: 'json' },
    framesDecoded: { type: 'integer' },
    framesTotal: { type: 'integer' },
    createdAt: { type: 'datetime', columnType: 'timestamptz' },
  },
});

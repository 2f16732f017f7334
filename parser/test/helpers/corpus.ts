import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Corpus root: $RLCOACH_CORPUS, else ../shared/replays next to the repository. */
export const corpusRoot = process.env.RLCOACH_CORPUS ?? resolve(repoRoot, '../shared/replays');
export const corpusAvailable = existsSync(join(corpusRoot, 'ORACLE.jsonl'));
export const corpusSkipReason = `replay corpus not found at ${corpusRoot} (set RLCOACH_CORPUS): corpus tests skipped`;

if (!corpusAvailable) console.warn(corpusSkipReason);

export interface OracleEntry {
  file: string;
  error?: string;
  version?: string;
  frames?: number;
  first_time?: number;
  last_time?: number;
  new_actors?: number;
  deleted_actors?: number;
  updated_attributes?: number;
  attribute_kinds?: Record<string, number>;
  spawned_objects?: Record<string, number>;
  rigid_body_updates?: number;
  rigid_body_abs_location_sum_uu?: number;
  ball_location_uu_at?: Array<{ frame: number; ball: [number, number, number] | null }>;
}

export function oracle(): OracleEntry[] {
  if (!corpusAvailable) return [];
  return readFileSync(join(corpusRoot, 'ORACLE.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as OracleEntry);
}

export function readReplay(relative: string): Uint8Array {
  return new Uint8Array(readFileSync(join(corpusRoot, relative)));
}

export function listFolder(folder: string): string[] {
  if (!corpusAvailable) return [];
  return readdirSync(join(corpusRoot, folder))
    .filter((f) => f.endsWith('.replay'))
    .sort()
    .map((f) => `${folder}/${f}`);
}

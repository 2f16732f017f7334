/** Concrete /healthz checks for main.ts: each resolves with figures or throws with a reason. */
import { randomUUID } from 'node:crypto';
import { mkdir, rm, statfs, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { HealthCheck } from '../ports.js';
import { CheckFailure } from './health.js';

/** One round trip to the database (db's pingDatabase in platform.ts); rejects when it is down. */
export function databaseCheck(ping: () => Promise<void>): HealthCheck {
  return async () => {
    await ping();
  };
}

/** The storage directory accepts a write and has room (brief §5: refuse at 90 % used). */
export function storageCheck(dir: string, maxUsedRatio = 0.9): HealthCheck {
  return async () => {
    await mkdir(dir, { recursive: true });
    const probe = path.join(dir, `.healthz-${randomUUID()}`);
    await writeFile(probe, 'ok');
    await rm(probe, { force: true });
    const fs = await statfs(dir);
    const usedRatio = fs.blocks > 0 ? 1 - fs.bavail / fs.blocks : 0;
    const details = { usedPercent: Math.round(usedRatio * 1000) / 10 };
    if (usedRatio >= maxUsedRatio) throw new CheckFailure(`storage is ${details.usedPercent}% full`, details);
    return details;
  };
}

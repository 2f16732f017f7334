/** Build the configured object store (STORAGE_DRIVER): the one place that chooses a driver. */
import type { StorageConfig } from '../config/pieces.js';
import { ReplayStorage } from './replay-storage.js';
import { S3Storage } from './s3-storage.js';
import type { ObjectStore } from './store.js';

export function openStorage(config: StorageConfig): ObjectStore {
  if (config.driver === 'local') return new ReplayStorage(config.dir);
  return new S3Storage(config);
}

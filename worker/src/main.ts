// Worker process entry (production): see run.ts.
import { runWorkerProcess } from './run.js';

await runWorkerProcess();

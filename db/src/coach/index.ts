/**
 * Everything the coach needs from db in one import (`@rlcoach/db/coach/index`): limits, input
 * schemas, the ask, conversations and notes, the budget, citations and the Redis event log.
 */
export * from './limits.js';
export * from './input.js';
export * from '../repositories/coach-ask-repository.js';
export * from '../repositories/coach-conversation-repository.js';
export * from '../repositories/coach-notes-repository.js';
export * from '../repositories/coach-budget-repository.js';
export * from './citations.js';
export * from './event-log.js';
export * from './rank-benchmarks.js';
export * from '../repositories/coach-reads.js';
export * from '../queues/coach-jobs.js';
export * from '../repositories/coach-preview-repository.js';
export * from './resume.js';

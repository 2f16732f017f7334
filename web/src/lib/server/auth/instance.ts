/** The process-wide auth wiring (ORM, Redis, env), shared by hooks and the (auth) routes. */
import { env } from '$env/dynamic/private';
import { Redis } from 'ioredis';
import { requestClientAddress } from '../client-address';
import { getOrm } from '../services';
import { createAuth, type AuthDeps } from './handle';
import { signInProviders } from './providers';

let redis: Redis | undefined;

export const authDeps: AuthDeps = {
  orm: getOrm,
  redis() {
    if (!redis) {
      redis = new Redis(env.REDIS_URL?.trim() || 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
      redis.on('error', (err) => console.error('[web] redis error', err.message));
      process.once('sveltekit:shutdown', () => redis?.disconnect());
    }
    return redis;
  },
  get env() {
    return env;
  },
  // Same variable and default as realtime, so both count against one budget.
  get rateLimitPrefix() {
    return env.RATE_LIMIT_PREFIX?.trim() || `${env.BULLMQ_PREFIX?.trim() || 'rlcoach'}-rl`;
  },
  clientAddress: requestClientAddress,
};

export const auth = createAuth(authDeps);

export const providers = () => signInProviders(env);

/** The process-wide auth wiring (ORM, Redis, env), shared by hooks and the (auth) routes. */
import { env } from '$env/dynamic/private';
import { Redis } from 'ioredis';
import { requestClientAddress } from '../client-address';
import { webConfig } from '../env';
import { serverLog } from '../log';
import { getOrm } from '../services';
import { createAuth, type AuthDeps } from './handle';
import { signInProviders } from './providers';

let redis: Redis | undefined;

export const authDeps: AuthDeps = {
  orm: getOrm,
  redis() {
    if (!redis) {
      redis = new Redis(webConfig().redisUrl, { maxRetriesPerRequest: 1 });
      redis.on('error', (err) => serverLog().error('redis error', { err }));
      process.once('sveltekit:shutdown', () => redis?.disconnect());
    }
    return redis;
  },
  get env() {
    return env;
  },
  get authSecret() {
    return webConfig().authSecret;
  },
  // Same variable and default as realtime, so both count against one budget.
  get rateLimitPrefix() {
    return webConfig().rateLimitPrefix;
  },
  clientAddress: requestClientAddress,
};

export const auth = createAuth(authDeps);

export const providers = () => signInProviders(env);

/** The Stripe settings in web's and the worker's schemas: off, complete, or a named problem. */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config/env-schema.js';
import { loadWebConfig } from '../src/config/web.js';
import { loadWorkerConfig } from '../src/config/worker.js';

const BASE = { RLCOACH_DEV: '1', NODE_ENV: 'test' };
const FULL = {
  STRIPE_SECRET_KEY: 'sk_test_abc',
  STRIPE_WEBHOOK_SECRET: 'whsec_abc',
  STRIPE_PRICE_PRO: 'price_abc',
};

const problemsOf = (load: () => unknown): string[] => {
  try {
    load();
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
};

describe('billing configuration', () => {
  it('is off with no Stripe variable (blank counts as unset), and nothing else is required', () => {
    expect(loadWebConfig({ ...BASE }).billing).toBeNull();
    expect(loadWebConfig({ ...BASE, STRIPE_SECRET_KEY: '  ' }).billing).toBeNull();
    expect(loadWorkerConfig({ ...BASE }).billing).toBeNull();
  });

  it('is on with all three in web; STRIPE_API_BASE points the SDK elsewhere', () => {
    expect(loadWebConfig({ ...BASE, ...FULL, STRIPE_API_BASE: 'http://127.0.0.1:1234' }).billing).toEqual({
      secretKey: 'sk_test_abc',
      webhookSecret: 'whsec_abc',
      priceId: 'price_abc',
      apiBase: 'http://127.0.0.1:1234',
    });
  });

  it('a partial set stops web at boot naming each missing variable', () => {
    const problems = problemsOf(() => loadWebConfig({ ...BASE, STRIPE_SECRET_KEY: 'sk_test_abc' }));
    expect(problems.join('\n')).toMatch(/STRIPE_WEBHOOK_SECRET is required/);
    expect(problems.join('\n')).toMatch(/STRIPE_PRICE_PRO is required/);
  });

  it('the worker needs the secret key alone (it only cancels)', () => {
    expect(loadWorkerConfig({ ...BASE, STRIPE_SECRET_KEY: 'sk_test_abc' }).billing?.secretKey).toBe(
      'sk_test_abc',
    );
  });

  it('a malformed STRIPE_API_BASE is refused by name', () => {
    const problems = problemsOf(() => loadWebConfig({ ...BASE, ...FULL, STRIPE_API_BASE: 'ftp://x' }));
    expect(problems.join('\n')).toMatch(/STRIPE_API_BASE/);
  });
});

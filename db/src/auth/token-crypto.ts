/**
 * Provider tokens (OAuth access/refresh tokens, OIDC id tokens) are credentials to the user's
 * accounts elsewhere, so they are encrypted at rest: AES-256-GCM under a key derived with HKDF
 * from AUTH_SECRET. The stored form is `v1.<base64url(iv ‖ ciphertext ‖ tag)>`: the version
 * prefix lets a later key or algorithm coexist with rows written by this one.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const PREFIX = `${VERSION}.`;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Fixed, public salt and purpose label: the secret is the only secret input. */
const HKDF_SALT = 'rlcoach/provider-tokens';
const HKDF_INFO = 'rlcoach provider tokens v1 aes-256-gcm';

export class TokenDecryptError extends Error {
  constructor(reason: string) {
    super(`stored provider token cannot be decrypted: ${reason}`);
    this.name = 'TokenDecryptError';
  }
}

export interface TokenCipher {
  encrypt(plain: string): string;
  /** Decrypts `v1.` values; anything else is a row written before encryption and is returned as is. */
  decrypt(stored: string): string;
}

export function isEncryptedToken(stored: string): boolean {
  return stored.startsWith(PREFIX);
}

export function createTokenCipher(secret: string): TokenCipher {
  if (secret.length < 32) throw new Error('the token encryption secret must be at least 32 characters');
  const key = Buffer.from(hkdfSync('sha256', secret, HKDF_SALT, HKDF_INFO, 32));
  // The version is authenticated too, so a value cannot be relabelled as another version.
  const aad = Buffer.from(VERSION);
  return {
    encrypt(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(aad);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return PREFIX + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
    },
    decrypt(stored) {
      if (!isEncryptedToken(stored)) return stored;
      const raw = Buffer.from(stored.slice(PREFIX.length), 'base64url');
      if (raw.length < IV_BYTES + TAG_BYTES) throw new TokenDecryptError('too short');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
      decipher.setAAD(aad);
      decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
      try {
        return Buffer.concat([
          decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        throw new TokenDecryptError('wrong key or tampered value');
      }
    },
  };
}

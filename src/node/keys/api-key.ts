import { hash, randomInt } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** MISP's key format (`AppController::__loginByAuthKey`): exactly 40 alphanumeric characters. */
export const API_KEY_PATTERN = /^[A-Za-z0-9]{40}$/;

/** A new random key in MISP's format (about 238 bits from the OS CSPRNG, unbiased). */
export function generateApiKey(): string {
  let key = '';
  for (let i = 0; i < 40; i++) key += ALPHABET[randomInt(ALPHABET.length)];
  return key;
}

/**
 * Hex SHA-256 of a key. Keys are long random secrets, so an unsalted fast hash is enough and lets
 * the node find a key by its hash in one indexed lookup.
 */
export function hashApiKey(key: string): string {
  // One-shot digest: no Hash object per request (the rate limiter and authentication both need it).
  return hash('sha256', key, 'hex');
}

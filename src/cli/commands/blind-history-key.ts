/** The searcher's own key for blind-search history copies: 32 random bytes (hex) in a file only its user reads. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { boxKeyPairFromSecret, type BoxKeyPair } from '../../core/blind/seal.ts';
import { RenkeiError } from '../../core/errors.ts';

/** Reads the key file, creating it (mode 0600) on first use. */
export function loadHistoryKey(file: string): BoxKeyPair {
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  const hex = readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new RenkeiError('bad_request', `${file} is not a blind history key (64 hex digits)`);
  return boxKeyPairFromSecret(Uint8Array.from(Buffer.from(hex, 'hex')));
}

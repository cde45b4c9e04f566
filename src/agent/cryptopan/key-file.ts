/** Crypto-PAn key files: 64 hex characters (32 bytes), as in the original distribution's key format. */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { RenkeiError } from '../../core/errors.ts';

/** Parses key-file text (whitespace ignored) into 32 bytes, or throws config_invalid. */
export function parseKeyText(text: string): Uint8Array {
  const hex = text.replace(/\s+/g, '');
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw new RenkeiError('config_invalid', 'Crypto-PAn key file must hold exactly 64 hex characters (32 bytes)');
  }
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

/** Reads a key file. */
export function readKeyFile(file: string): Uint8Array {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new RenkeiError('config_invalid', `cannot read key file ${file}: ${(e as Error).message}`);
  }
  return parseKeyText(text);
}

/** Writes a fresh random key file readable only by its owner; refuses to overwrite. */
export function writeNewKeyFile(file: string): void {
  writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
}

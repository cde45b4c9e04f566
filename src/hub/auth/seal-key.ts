/**
 * The key that seals stored source credentials. It never lives in the hub database beside what it seals:
 * it comes from `RENKEI_HUB_SECRET`, or from a key file created on first start with mode 0600. A key
 * left in the database by an older hub is moved into the key file and deleted from the database.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { RenkeiError } from '../../core/errors.ts';
import type { HubSettingsStore } from '../../storage/hub/port.ts';

const LEGACY_SETTING = 'source-secret';

/** Where the key file goes when none is configured: beside a SQLite file, else `renkei-hub.key` in the working directory. */
export function defaultKeyFile(db: string): string {
  return /^postgres(ql)?:\/\//.test(db) || db === ':memory:' ? 'renkei-hub.key' : `${db}.key`;
}

/** Reads (or on first start creates) the seal key; `secret` from the environment wins. */
export async function loadSealKey(opts: { secret?: string | undefined; keyFile: string; store: HubSettingsStore }): Promise<string> {
  const legacy = await opts.store.getSetting(LEGACY_SETTING);
  if (opts.secret) {
    if (legacy) await opts.store.deleteSetting(LEGACY_SETTING);
    return opts.secret;
  }
  let stat: ReturnType<typeof statSync> | null = null;
  try {
    stat = statSync(opts.keyFile);
  } catch {
    stat = null;
  }
  if (stat) {
    if ((stat.mode & 0o077) !== 0) {
      throw new RenkeiError('config_invalid', `seal key file ${opts.keyFile} is readable by others; chmod 600 it`);
    }
    const key = readFileSync(opts.keyFile, 'utf8').trim();
    if (key.length < 32) throw new RenkeiError('config_invalid', `seal key file ${opts.keyFile} holds no key`);
    if (legacy) await opts.store.deleteSetting(LEGACY_SETTING);
    return key;
  }
  const key = legacy ?? randomBytes(32).toString('hex');
  // 'wx': never overwrite a key another process just wrote; 0600: readable by the hub's user only.
  writeFileSync(opts.keyFile, `${key}\n`, { mode: 0o600, flag: 'wx' });
  if (legacy) await opts.store.deleteSetting(LEGACY_SETTING);
  return key;
}

/** SQL functions the SQLite intel store's schema and queries call (registered on its connection). */
import type { Database } from 'better-sqlite3';
import { indexEntries } from '../../core/matching/index-entries.ts';
import { keyHash } from '../../core/matching/key-hash.ts';

/**
 * `renkei_key_hash(key)`: the integer the value index stores for a key (used by the migration that built it).
 * `renkei_has_key(type, value, keys_json)`: 1 when one of the attribute's index keys is in the JSON array —
 * the exact check behind hashed index hits in attribute searches.
 */
export function registerSqliteFunctions(db: Database): void {
  db.function('renkei_key_hash', { deterministic: true }, (key: unknown) => keyHash(String(key)));
  // One query passes the same key list for every candidate row: parse it once.
  let lastJson = '';
  let wanted = new Set<string>();
  db.function('renkei_has_key', { deterministic: true }, (type: unknown, value: unknown, keysJson: unknown) => {
    const json = String(keysJson);
    if (json !== lastJson) {
      wanted = new Set(JSON.parse(json) as string[]);
      lastJson = json;
    }
    return indexEntries(String(type), String(value)).keys.some((k) => wanted.has(k.key)) ? 1 : 0;
  });
}

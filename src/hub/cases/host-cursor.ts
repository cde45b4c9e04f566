/**
 * The host list's page cursor on the wire: the last host's sort key as base64url JSON. Opaque to clients;
 * a cursor that does not decode to a key of the asked order is a validation error, never a 500.
 */
import { RenkeiError } from '../../core/errors.ts';
import type { HostKey, HostOrder } from '../../storage/cases/port.ts';

/** Encodes a page's end key. */
export function encodeHostCursor(k: HostKey): string {
  const parts = k.order === 'repair' ? ['r', k.place, k.rank, k.name, k.id] : ['n', k.name, k.id];
  return Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
}

const int = (v: unknown): v is number => Number.isSafeInteger(v);

/** Decodes a cursor for `order`; throws `validation_failed` (field `cursor`) when it is not one. */
export function decodeHostCursor(s: string, order: HostOrder): HostKey {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
  } catch {
    v = null;
  }
  if (Array.isArray(v)) {
    if (order === 'name' && v.length === 3 && v[0] === 'n' && typeof v[1] === 'string' && int(v[2])) return { order, name: v[1], id: v[2] };
    if (order === 'repair' && v.length === 5 && v[0] === 'r' && int(v[1]) && int(v[2]) && typeof v[3] === 'string' && int(v[4])) return { order, place: v[1], rank: v[2], name: v[3], id: v[4] };
  }
  throw new RenkeiError('validation_failed', `cursor is not a page cursor of the ${order} order (ask again without it)`, { field: 'cursor' });
}

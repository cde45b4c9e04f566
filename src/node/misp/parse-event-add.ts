/**
 * `POST /events/add` bodies → one EventInput. Field types are checked first (wrong types are 400s naming
 * the field), then the MISP mapper (`importers/misp-event.ts`) builds the event; any rejected attribute
 * fails the whole request so that a bad body never causes a partial write.
 */
import { v4 as uuidv4 } from 'uuid';
import type { EventInput, OrgRef } from '../../core/model/event.ts';
import { RenkeiError } from '../../core/errors.ts';
import { mispEventToInput } from '../../importers/misp-event.ts';

type J = Record<string, unknown>;
const isObj = (v: unknown): v is J => typeof v === 'object' && v !== null && !Array.isArray(v);
const MAX_ATTRIBUTES = 100_000;

const SCALAR_FIELDS = ['info', 'uuid', 'date', 'threat_level_id', 'analysis', 'distribution', 'timestamp', 'publish_timestamp', 'sharing_group_id'];
const ATTR_FIELDS = ['type', 'value', 'category', 'comment', 'uuid', 'distribution', 'timestamp', 'first_seen', 'last_seen', 'object_relation'];

function checkScalar(where: string, o: J, fields: string[]): void {
  for (const f of fields) {
    const v = o[f];
    if (v !== undefined && v !== null && typeof v !== 'string' && typeof v !== 'number') {
      throw new RenkeiError('validation_failed', `${where}.${f} must be a string or number`, { field: `${where}.${f}` });
    }
  }
}

function checkAttributes(where: string, list: unknown): number {
  if (list === undefined) return 0;
  if (!Array.isArray(list)) throw new RenkeiError('validation_failed', `${where} must be a list`, { field: where });
  list.forEach((a, i) => {
    if (!isObj(a)) throw new RenkeiError('validation_failed', `${where}[${i}] must be an object`, { field: `${where}[${i}]` });
    checkScalar(`${where}[${i}]`, a, ATTR_FIELDS);
    if (typeof a.type !== 'string' || a.type === '') throw new RenkeiError('validation_failed', `${where}[${i}].type is required`, { field: `${where}[${i}].type` });
    if (a.value === undefined || a.value === null || a.value === '') throw new RenkeiError('validation_failed', `${where}[${i}].value is required`, { field: `${where}[${i}].value` });
    for (const k of ['Tag', 'Sighting']) if (a[k] !== undefined && !Array.isArray(a[k])) throw new RenkeiError('validation_failed', `${where}[${i}].${k} must be a list`, { field: `${where}[${i}].${k}` });
  });
  return list.length;
}

/** Validates and maps an events/add body; `org` becomes the creating organisation unless `keepOrgc`. */
export function parseEventAdd(body: unknown, org: OrgRef, keepOrgc: boolean): EventInput {
  if (!isObj(body)) throw new RenkeiError('validation_failed', 'events/add body must be a JSON object (an event, optionally wrapped as {"Event":{…}})');
  const e = isObj(body.Event) ? body.Event : body;
  if (typeof e.info !== 'string' || e.info.trim() === '') throw new RenkeiError('validation_failed', 'Event.info is required', { field: 'Event.info' });
  checkScalar('Event', e, SCALAR_FIELDS);
  for (const k of ['Tag', 'Object', 'Galaxy', 'EventTag']) if (e[k] !== undefined && !Array.isArray(e[k])) throw new RenkeiError('validation_failed', `Event.${k} must be a list`, { field: `Event.${k}` });
  let count = checkAttributes('Event.Attribute', e.Attribute);
  (Array.isArray(e.Object) ? e.Object : []).forEach((o, i) => {
    if (!isObj(o)) throw new RenkeiError('validation_failed', `Event.Object[${i}] must be an object`, { field: `Event.Object[${i}]` });
    count += checkAttributes(`Event.Object[${i}].Attribute`, o.Attribute);
  });
  if (count > MAX_ATTRIBUTES) throw new RenkeiError('validation_failed', `an event may hold at most ${MAX_ATTRIBUTES} attributes`);
  const now = Math.floor(Date.now() / 1000);
  const withDefaults: J = {
    ...e,
    uuid: e.uuid ?? uuidv4(),
    timestamp: e.timestamp ?? now,
    date: e.date ?? new Date(now * 1000).toISOString().slice(0, 10),
    ...(keepOrgc ? {} : { Orgc: org, Org: org }),
  };
  if (typeof withDefaults.uuid !== 'string' || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(withDefaults.uuid)) {
    throw new RenkeiError('validation_failed', 'Event.uuid is not a valid uuid', { field: 'Event.uuid' });
  }
  const { event, items } = mispEventToInput(withDefaults, { defaultOrg: org, defaultDistribution: 1 }, { file: 'request', record: 'Event' });
  const rejects = items.filter((x) => x.kind === 'reject');
  if (!event || rejects.length) {
    const errors = rejects.map((r) => ('reason' in r ? `${r.record ?? ''}: ${r.reason}` : '')).slice(0, 50);
    throw new RenkeiError('validation_failed', `event not saved: ${errors[0] ?? 'invalid event'}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`, { errors });
  }
  return event;
}

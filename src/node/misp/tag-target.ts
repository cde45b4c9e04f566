/**
 * PyMISP `tag`/`untag` (`tags/attachTagToObject`, `tags/removeTagFromObject`): the target is an event or an
 * attribute named by uuid (or id). Finding follows the write rule (the caller must see it, else 404); the
 * store decides whether the caller may change it (owning organisation or node admin, else 409). The rows are
 * re-read as their owner sees them, so a node admin's change never drops the owner's local tags.
 */
import { RenkeiError } from '../../core/errors.ts';
import type { Tag } from '../../core/model/event.ts';
import type { Viewer } from '../../core/sharing/access.ts';
import type { FullEvent, IntelStore } from '../../storage/port.ts';
import type { NodePrincipal } from '../principal.ts';
import { attributeForWrite, eventForWrite } from './find-for-write.ts';
import { attributeInput, eventShell, objectShell } from './stored-input.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The event as its owning organisation sees it (every row, local tags included). */
export async function ownerView(store: IntelStore, fe: FullEvent): Promise<FullEvent> {
  const owner: Viewer = { orgId: fe.event.orgId, sharingGroupIds: [] };
  const full = await store.getEvent(fe.event.uuid, owner, { includeDeleted: true });
  if (!full) throw new RenkeiError('not_found', 'Invalid event');
  return full;
}

export interface TagTarget {
  kind: 'Event' | 'Attribute';
  uuid: string;
  eventUuid: string;
  owner: string;
  tags: readonly Tag[];
  /** Saves the target with `tags` in place of its own. */
  save(tags: Tag[]): Promise<void>;
}

/** Resolves `uuid` (an event's or an attribute's) to something whose tags can be changed. */
export async function tagTarget(store: IntelStore, p: NodePrincipal, raw: unknown, now: number): Promise<TagTarget> {
  const ref = typeof raw === 'string' && UUID.test(raw) ? raw.toLowerCase() : null;
  if (!ref) throw new RenkeiError('validation_failed', 'uuid must be the uuid of an event or an attribute', { field: 'uuid' });
  const opts = { admin: p.role === 'admin' };
  let asEvent: FullEvent | null = null;
  try {
    asEvent = await eventForWrite(store, p, ref);
  } catch (e) {
    if (!(e instanceof RenkeiError && e.code === 'not_found')) throw e;
  }
  if (asEvent) {
    const fe = await ownerView(store, asEvent);
    return {
      kind: 'Event', uuid: fe.event.uuid, eventUuid: fe.event.uuid, owner: fe.org.name, tags: fe.event.tags,
      save: async (tags) => void (await store.saveEvents([{ ...eventShell(fe, now), tags }], p.orgId, opts)),
    };
  }
  let found;
  try {
    found = await attributeForWrite(store, p, ref);
  } catch (e) {
    if (e instanceof RenkeiError && e.code === 'not_found') throw new RenkeiError('not_found', 'Invalid Target.');
    throw e;
  }
  const fe = await ownerView(store, (await eventForWrite(store, p, found.event.uuid)));
  const attribute = fe.attributes.find((a) => a.uuid === found.attribute.uuid);
  if (!attribute) throw new RenkeiError('not_found', 'Invalid Target.');
  return {
    kind: 'Attribute', uuid: attribute.uuid, eventUuid: fe.event.uuid, owner: fe.org.name, tags: attribute.tags,
    save: async (tags) => {
      const next = { ...(await attributeInput(store, attribute)), tags, timestamp: now };
      const shell = eventShell(fe, now);
      const obj = attribute.objectId === null ? undefined : fe.objects.find((o) => o.id === attribute.objectId);
      if (obj) shell.objects = [await objectShell(store, obj, [next])];
      else shell.attributes = [next];
      await store.saveEvents([shell], p.orgId, opts);
    },
  };
}

/** The tag a body names: a tag name (MISP also takes a numeric tag id, known here through `idToName`). */
export function tagName(raw: unknown, idToName: (id: string) => string | undefined): string {
  const v = typeof raw === 'number' ? String(raw) : raw;
  if (typeof v !== 'string' || v.trim() === '' || v.length > 255) throw new RenkeiError('validation_failed', 'tag must be a tag name (at most 255 characters) or a tag id', { field: 'tag' });
  if (/^\d+$/.test(v)) {
    const name = idToName(v);
    if (!name) throw new RenkeiError('not_found', 'Invalid Tag.');
    return name;
  }
  return v.trim();
}

/**
 * Objects posted over TAXII also become events/attributes in the intel store (owned by the posting
 * organisation, with the collection's distribution, sharing group and TLP), so search, federation and
 * MISP exports see them. Objects that carry no indicator (relationships, SDOs) simply map to nothing.
 */
import type { EventInput, SharingGroupInput, Tag } from '../../core/model/event.ts';
import type { IntelStore } from '../../storage/port.ts';
import type { TaxiiCollection } from '../../storage/taxii/port.ts';
import { stixToEvents } from '../../stix/stix-to-events.ts';
import type { NodePrincipal } from '../principal.ts';

/** Maps STIX 2.1 objects to events; does not write. */
export async function eventsForPost(store: IntelStore, objects: Record<string, unknown>[], p: NodePrincipal, c: TaxiiCollection): Promise<EventInput[]> {
  if (objects.length === 0) return [];
  const tags: Tag[] = c.sharing.tlp ? [{ name: `tlp:${c.sharing.tlp}` }] : [];
  const distribution = c.sharing.distribution === 5 ? 1 : c.sharing.distribution;
  const { events } = stixToEvents(objects, { orgc: { name: p.orgName }, tags, distribution, info: `TAXII collection ${c.title}` });
  if (events.length === 0) return events;
  const sharingGroup = c.sharing.sharingGroupId === null ? null : await sharingGroupInput(store, c.sharing.sharingGroupId);
  return events.map((e) => ({ ...e, distribution: sharingGroup ? 4 : e.distribution, sharingGroup }));
}

async function sharingGroupInput(store: IntelStore, id: number): Promise<SharingGroupInput | null> {
  const sg = (await store.listSharingGroups()).find((g) => g.id === id);
  if (!sg) return null;
  const orgs = await store.listOrgs();
  return {
    uuid: sg.uuid, name: sg.name, description: sg.description, releasability: sg.releasability,
    orgs: sg.orgIds.map((oid) => orgs.find((o) => o.id === oid)).filter((o) => o !== undefined).map((o) => ({ name: o.name, uuid: o.uuid })),
  };
}

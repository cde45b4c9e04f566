/**
 * Stored rows → save inputs, for the MISP write endpoints that change one attribute of an existing event
 * (attributes/add|edit|delete). They save an event "shell" holding only the changed attribute: saves never
 * drop rows that are absent, and the store's ownership rules decide whether the caller may write at all.
 */
import type { AttributeInput, EventInput, ObjectInput, SharingGroupInput } from '../../core/model/event.ts';
import type { FullEvent, IntelStore, StoredAttribute, StoredObject } from '../../storage/port.ts';

async function sgUuid(store: IntelStore, id: number | null): Promise<string | null> {
  if (id === null) return null;
  return (await store.getSharingGroup(id))?.uuid ?? null;
}

/** The stored event's own fields (no attributes or objects), with a fresh timestamp so readers see the change. */
export function eventShell(fe: FullEvent, now: number): EventInput {
  const e = fe.event;
  const sharingGroup: SharingGroupInput | null = fe.sharingGroup ? { uuid: fe.sharingGroup.uuid, name: fe.sharingGroup.name, orgs: [] } : null;
  return {
    uuid: e.uuid, info: e.info, date: e.date, threatLevel: e.threatLevel, analysis: e.analysis, published: e.published,
    publishTimestamp: e.publishTimestamp, timestamp: Math.max(e.timestamp, now), distribution: e.distribution, sharingGroup,
    orgc: { name: fe.orgc.name, uuid: fe.orgc.uuid }, tags: e.tags, attributes: [], objects: [], sightings: [],
  };
}

/** A stored attribute as a save input. */
export async function attributeInput(store: IntelStore, a: StoredAttribute): Promise<AttributeInput> {
  return {
    uuid: a.uuid, type: a.type, category: a.category, value: a.value, toIds: a.toIds, comment: a.comment, firstSeen: a.firstSeen,
    lastSeen: a.lastSeen, timestamp: a.timestamp, distribution: a.distribution, sharingGroupUuid: await sgUuid(store, a.sharingGroupId),
    tags: a.tags, deleted: a.deleted, disableCorrelation: a.disableCorrelation, objectRelation: a.objectRelation,
  };
}

/** A stored object (unchanged fields and references) holding only `attributes`. */
export async function objectShell(store: IntelStore, o: StoredObject, attributes: AttributeInput[]): Promise<ObjectInput> {
  return {
    uuid: o.uuid, name: o.name, metaCategory: o.metaCategory, description: o.description, templateUuid: o.templateUuid,
    templateVersion: o.templateVersion, comment: o.comment, distribution: o.distribution, sharingGroupUuid: await sgUuid(store, o.sharingGroupId),
    timestamp: o.timestamp, deleted: o.deleted, firstSeen: o.firstSeen, lastSeen: o.lastSeen, attributes,
    references: o.references.map((r) => ({ uuid: r.uuid, referencedUuid: r.referencedUuid, relationshipType: r.relationshipType, comment: r.comment })),
  };
}

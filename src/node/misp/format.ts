/**
 * The node's stored model → MISP REST JSON (string ids and timestamps, boolean flags), matching the
 * bodies MISP 2.5 writes (`JsonExport`, `EventsController::view`, `events/index`).
 */
import type { Tag } from '../../core/model/event.ts';
import type { FullEvent, Organisation, StoredAttribute, StoredEvent, StoredObject, StoredSighting } from '../../storage/port.ts';
import { DEFAULT_TAG_COLOUR, type TagIds } from './tag-ids.ts';

const s = (n: number | null | undefined): string => String(n ?? 0);

/** One MISP tag object; `inherited` marks event tags shown on an attribute. */
export function mispTag(t: Tag, ids: TagIds, inherited?: boolean): Record<string, unknown> {
  return {
    id: ids.idOf(t.name),
    name: t.name,
    colour: t.colour ?? DEFAULT_TAG_COLOUR,
    exportable: true,
    local: Boolean(t.local),
    ...(inherited === undefined ? {} : { inherited: inherited ? 1 : 0 }),
  };
}

/** Visible tags (local tags stay on this node but are shown to its own users, as MISP does). */
function tags(list: readonly Tag[], ids: TagIds, inherited?: boolean) {
  return list.map((t) => mispTag(t, ids, inherited));
}

/** The attribute fields common to restSearch and events/view. */
export function mispAttributeCore(a: StoredAttribute, e: StoredEvent): Record<string, unknown> {
  return {
    id: s(a.id),
    event_id: s(e.id),
    object_id: s(a.objectId),
    object_relation: a.objectRelation,
    category: a.category,
    type: a.type,
    to_ids: a.toIds,
    uuid: a.uuid,
    timestamp: s(a.timestamp),
    distribution: s(a.distribution),
    sharing_group_id: s(a.sharingGroupId),
    comment: a.comment,
    deleted: a.deleted,
    disable_correlation: a.disableCorrelation,
    first_seen: a.firstSeen,
    last_seen: a.lastSeen,
    value: a.value,
  };
}

export function mispSighting(x: StoredSighting, org?: Organisation): Record<string, unknown> {
  return {
    id: s(x.id),
    attribute_id: s(x.attributeId),
    event_id: s(x.eventId),
    org_id: s(x.orgId),
    date_sighting: s(x.dateSighting),
    uuid: x.uuid,
    source: x.source,
    type: s(x.type),
    ...(org ? { Organisation: { id: s(org.id), uuid: org.uuid, name: org.name } } : {}),
  };
}

export interface RestSearchAttributeOptions {
  includeEventTags: boolean;
  includeEventUuid: boolean;
  sightings?: readonly StoredSighting[];
  /** `includeContext`: the event's metadata, tags and creator org instead of its id fields (creator by id). */
  context?: (orgcId: number) => Organisation | undefined;
}

/** The event an attribute carries under `includeContext` (`MispAttribute::__fetchEventsForAttributeContext`). */
function contextEvent(e: StoredEvent, ids: TagIds, orgc: Organisation | undefined): Record<string, unknown> {
  return {
    id: s(e.id), orgc_id: s(e.orgcId), org_id: s(e.orgId), date: e.date, threat_level_id: s(e.threatLevel), info: e.info, published: e.published,
    uuid: e.uuid, analysis: s(e.analysis), timestamp: s(e.timestamp), distribution: s(e.distribution), publish_timestamp: s(e.publishTimestamp),
    sharing_group_id: s(e.sharingGroupId), extends_uuid: '',
    Tag: e.tags.map((t) => { const { id, name, colour, local } = mispTag(t, ids); return { id, name, colour, numerical_value: null, local }; }),
    Orgc: orgc ? { id: s(orgc.id), name: orgc.name, uuid: orgc.uuid, local: true } : { id: s(e.orgcId), name: '', uuid: '', local: true },
  };
}

/** One element of `/attributes/restSearch`'s `response.Attribute`. */
export function mispRestSearchAttribute(a: StoredAttribute, e: StoredEvent, ids: TagIds, o: RestSearchAttributeOptions): Record<string, unknown> {
  const t = tags(a.tags, ids, false);
  if (o.includeEventTags) {
    const own = new Set(a.tags.map((x) => x.name));
    for (const et of e.tags) if (!own.has(et.name)) t.push(mispTag(et, ids, true));
  }
  // Fields are added to the core object in MISP's order (no spread copies: this runs for every hit of every search).
  const out = mispAttributeCore(a, e);
  if (o.includeEventUuid) out.event_uuid = e.uuid;
  out.Event = o.context ? contextEvent(e, ids, o.context(e.orgcId)) : { org_id: s(e.orgId), distribution: s(e.distribution), id: s(e.id), info: e.info, orgc_id: s(e.orgcId), uuid: e.uuid };
  if (o.sightings) out.Sighting = o.sightings.filter((x) => x.attributeId === a.id).map((x) => mispSighting(x));
  if (t.length) out.Tag = t;
  return out;
}

function org(o: Organisation): Record<string, unknown> {
  return { id: s(o.id), name: o.name, uuid: o.uuid, local: true };
}

function objectJson(ob: StoredObject, e: StoredEvent, attrs: Record<string, unknown>[]): Record<string, unknown> {
  return {
    id: s(ob.id),
    name: ob.name,
    meta_category: ob.metaCategory,
    description: ob.description,
    template_uuid: ob.templateUuid,
    template_version: ob.templateVersion,
    event_id: s(e.id),
    uuid: ob.uuid,
    timestamp: s(ob.timestamp),
    distribution: s(ob.distribution),
    sharing_group_id: s(ob.sharingGroupId),
    comment: ob.comment,
    deleted: ob.deleted,
    first_seen: ob.firstSeen,
    last_seen: ob.lastSeen,
    ObjectReference: ob.references.map((r) => ({
      uuid: r.uuid,
      object_uuid: ob.uuid,
      referenced_uuid: r.referencedUuid,
      relationship_type: r.relationshipType,
      comment: r.comment,
      event_id: s(e.id),
    })),
    Attribute: attrs,
  };
}

/** Event header fields (events/view, restSearch, index). */
export function mispEventHeader(e: StoredEvent, attributeCount: number): Record<string, unknown> {
  return {
    id: s(e.id),
    orgc_id: s(e.orgcId),
    org_id: s(e.orgId),
    date: e.date,
    threat_level_id: s(e.threatLevel),
    info: e.info,
    published: e.published,
    uuid: e.uuid,
    attribute_count: s(attributeCount),
    analysis: s(e.analysis),
    timestamp: s(e.timestamp),
    distribution: s(e.distribution),
    proposal_email_lock: false,
    locked: false,
    publish_timestamp: s(e.publishTimestamp),
    sharing_group_id: s(e.sharingGroupId),
    disable_correlation: false,
    extends_uuid: '',
  };
}

/** A whole event as `{"Event":{…}}` (events/view and events/restSearch). */
export function mispEvent(fe: FullEvent, ids: TagIds, opts: { metadata?: boolean; includeSightings?: boolean } = {}): { Event: Record<string, unknown> } {
  const e = fe.event;
  const orgs = new Map<number, Organisation>([[fe.org.id, fe.org], [fe.orgc.id, fe.orgc]]);
  const attrJson = (a: StoredAttribute) => ({
    ...mispAttributeCore(a, e),
    ...(opts.includeSightings ? { Sighting: fe.sightings.filter((x) => x.attributeId === a.id).map((x) => mispSighting(x, orgs.get(x.orgId))) } : {}),
    ShadowAttribute: [],
    ...(a.tags.length ? { Tag: tags(a.tags, ids) } : {}),
  });
  const loose = fe.attributes.filter((a) => a.objectId === null);
  const body: Record<string, unknown> = {
    ...mispEventHeader(e, fe.attributes.length),
    Org: org(fe.org),
    Orgc: org(fe.orgc),
  };
  if (fe.sharingGroup) {
    body.SharingGroup = { id: s(fe.sharingGroup.id), uuid: fe.sharingGroup.uuid, name: fe.sharingGroup.name, description: fe.sharingGroup.description, releasability: fe.sharingGroup.releasability };
  }
  if (!opts.metadata) {
    body.Attribute = loose.map(attrJson);
    body.ShadowAttribute = [];
    body.RelatedEvent = [];
    body.Galaxy = [];
    body.Object = fe.objects.map((ob) => objectJson(ob, e, fe.attributes.filter((a) => a.objectId === ob.id).map(attrJson)));
    body.EventReport = [];
  }
  body.Tag = tags(e.tags, ids);
  return { Event: body };
}

/** One row of `/events/index` (PyMISP `search_index` shape). */
export function mispIndexRow(e: StoredEvent, orgOf: (id: number) => Organisation | undefined, attributeCount: number, ids: TagIds): Record<string, unknown> {
  const o = orgOf(e.orgId);
  const oc = orgOf(e.orgcId);
  return {
    // No `org`/`orgc` strings (old MISP printed ""): PyMISP 2.5's MISPEvent has read-only `org`, so
    // `events(pythonify=True)` fails on them; today's MISP sends only the Org/Orgc objects.
    ...mispEventHeader(e, attributeCount),
    Org: { id: s(e.orgId), name: o?.name ?? '', uuid: o?.uuid ?? '' },
    Orgc: { id: s(e.orgcId), name: oc?.name ?? '', uuid: oc?.uuid ?? '' },
    EventTag: e.tags.map((t, i) => ({ id: String(i + 1), event_id: s(e.id), tag_id: ids.idOf(t.name), local: Boolean(t.local), Tag: mispTag(t, ids) })),
    SharingGroup: { id: e.sharingGroupId === null ? null : s(e.sharingGroupId), name: null },
  };
}

/**
 * One object as `objects/view`, `objects/add` and `objects/restSearch` answer it: `{"Object":{…,
 * "Event":{…}, "Attribute":[…]}}` with the object's attributes the viewer may see.
 */
export function mispObject(fe: FullEvent, ob: StoredObject, ids: TagIds): { Object: Record<string, unknown> } {
  const e = fe.event;
  const attrs = fe.attributes
    .filter((a) => a.objectId === ob.id)
    .map((a) => ({ ...mispAttributeCore(a, e), ShadowAttribute: [], ...(a.tags.length ? { Tag: tags(a.tags, ids) } : {}) }));
  return {
    Object: {
      ...objectJson(ob, e, attrs),
      Event: { id: s(e.id), info: e.info, org_id: s(e.orgId), orgc_id: s(e.orgcId), uuid: e.uuid },
    },
  };
}

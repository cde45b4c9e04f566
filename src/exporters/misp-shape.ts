/**
 * Stored events → MISP JSON as MISP shapes it (string ids and timestamps, boolean to_ids/deleted).
 * `feed` mode leaves out local ids, as MISP feeds do; local tags never leave the node.
 */
import type { FullEvent, Organisation, SharingGroup, StoredAttribute, StoredSighting } from '../storage/port.ts';
import type { Tag } from '../core/model/event.ts';

export interface MispShapeContext {
  orgs: Map<number, Organisation>;
  sharingGroups: Map<number, SharingGroup>;
  /** Feed files carry no local ids. */
  feed: boolean;
}

type J = Record<string, unknown>;

const tagJson = (tags: readonly Tag[]): J[] =>
  tags.filter((t) => !t.local).map((t) => ({ name: t.name, ...(t.colour ? { colour: t.colour } : {}) }));

const orgJson = (o: Organisation | undefined, feed: boolean): J =>
  o ? { ...(feed ? {} : { id: String(o.id) }), name: o.name, uuid: o.uuid } : { name: 'unknown' };

function sharingGroupJson(sg: SharingGroup, ctx: MispShapeContext): J {
  const orgs = sg.orgIds.map((id) => ctx.orgs.get(id)).filter((o): o is Organisation => o !== undefined);
  return {
    ...(ctx.feed ? {} : { id: String(sg.id) }),
    uuid: sg.uuid, name: sg.name, description: sg.description, releasability: sg.releasability,
    ...(orgs[0] ? { Organisation: orgJson(orgs[0], ctx.feed) } : {}),
    SharingGroupOrg: orgs.map((o) => ({ Organisation: orgJson(o, ctx.feed) })),
  };
}

function sightingJson(s: StoredSighting, attrUuid: string, ctx: MispShapeContext): J {
  return {
    ...(ctx.feed ? {} : { id: String(s.id), attribute_id: String(s.attributeId), event_id: String(s.eventId), org_id: String(s.orgId) }),
    uuid: s.uuid, type: String(s.type), source: s.source, date_sighting: String(s.dateSighting), attribute_uuid: attrUuid,
    Organisation: orgJson(ctx.orgs.get(s.orgId), ctx.feed),
  };
}

function attributeJson(a: StoredAttribute, sightings: StoredSighting[], ctx: MispShapeContext): J {
  const sg = a.sharingGroupId !== null ? ctx.sharingGroups.get(a.sharingGroupId) : undefined;
  return {
    ...(ctx.feed ? {} : { id: String(a.id), event_id: String(a.eventId), object_id: String(a.objectId ?? 0) }),
    uuid: a.uuid, type: a.type, category: a.category, value: a.value, to_ids: a.toIds, comment: a.comment,
    timestamp: String(a.timestamp), distribution: String(a.distribution), sharing_group_id: String(sg && !ctx.feed ? sg.id : 0),
    deleted: a.deleted, disable_correlation: a.disableCorrelation, object_relation: a.objectRelation,
    first_seen: a.firstSeen, last_seen: a.lastSeen,
    ...(sg ? { SharingGroup: sharingGroupJson(sg, ctx) } : {}),
    Tag: tagJson(a.tags),
    ...(sightings.length ? { Sighting: sightings.map((s) => sightingJson(s, a.uuid, ctx)) } : {}),
  };
}

/** One event as `{"Event": …}`. */
export function eventToMisp(fe: FullEvent, ctx: MispShapeContext): { Event: J } {
  const e = fe.event;
  const byAttr = new Map<number, StoredSighting[]>();
  for (const s of fe.sightings) byAttr.set(s.attributeId, [...(byAttr.get(s.attributeId) ?? []), s]);
  const loose = fe.attributes.filter((a) => a.objectId === null);
  const objects = fe.objects.map((o) => {
    const sg = o.sharingGroupId !== null ? ctx.sharingGroups.get(o.sharingGroupId) : undefined;
    return {
      ...(ctx.feed ? {} : { id: String(o.id), event_id: String(o.eventId) }),
      uuid: o.uuid, name: o.name, 'meta-category': o.metaCategory, description: o.description,
      template_uuid: o.templateUuid, template_version: o.templateVersion, comment: o.comment,
      timestamp: String(o.timestamp), distribution: String(o.distribution), sharing_group_id: String(sg && !ctx.feed ? sg.id : 0),
      deleted: o.deleted, first_seen: o.firstSeen, last_seen: o.lastSeen,
      ...(sg ? { SharingGroup: sharingGroupJson(sg, ctx) } : {}),
      Attribute: fe.attributes.filter((a) => a.objectId === o.id).map((a) => attributeJson(a, byAttr.get(a.id) ?? [], ctx)),
      ObjectReference: o.references.map((r) => ({
        uuid: r.uuid, object_uuid: o.uuid, referenced_uuid: r.referencedUuid, relationship_type: r.relationshipType, comment: r.comment,
      })),
    };
  });
  return {
    Event: {
      ...(ctx.feed ? {} : { id: String(e.id), org_id: String(e.orgId), orgc_id: String(e.orgcId) }),
      uuid: e.uuid, info: e.info, date: e.date, threat_level_id: String(e.threatLevel), analysis: String(e.analysis),
      published: e.published, publish_timestamp: String(e.publishTimestamp), timestamp: String(e.timestamp),
      distribution: String(e.distribution), sharing_group_id: String(fe.sharingGroup && !ctx.feed ? fe.sharingGroup.id : 0),
      Orgc: orgJson(fe.orgc, ctx.feed),
      ...(ctx.feed ? {} : { Org: orgJson(fe.org, false) }),
      ...(fe.sharingGroup ? { SharingGroup: sharingGroupJson(fe.sharingGroup, ctx) } : {}),
      Tag: tagJson(e.tags),
      Attribute: loose.map((a) => attributeJson(a, byAttr.get(a.id) ?? [], ctx)),
      Object: objects,
    },
  };
}

/**
 * The storage port: everything services need from an intel store. Two adapters implement it
 * (`sqlite/`, `postgres/`) and one contract suite (`store-contract.ts`) runs against both.
 * All SQL lives in the adapters. Reads that return intel take a `Viewer` and apply the sharing rule
 * of `core/sharing/access.ts` (adapters may pre-filter in SQL but must agree with `canView`).
 */
import type { LookupProbes, LookupRowOf } from '../core/matching/lookup-types.ts';
import type { Viewer } from '../core/sharing/access.ts';
import type { Tlp } from '../core/sharing/tlp.ts';
import type { WriteActor } from './common/ownership.ts';
import type {
  Analysis,
  Distribution,
  EventInput,
  SharingGroupInput,
  SightingInput,
  SightingType,
  Tag,
  ThreatLevel,
} from '../core/model/event.ts';

export interface Organisation {
  id: number;
  uuid: string;
  name: string;
}

export interface SharingGroup {
  id: number;
  uuid: string;
  name: string;
  description: string;
  releasability: string;
  orgIds: number[];
  /** Organisation that created the group (may change it); null for groups stored before this was recorded. */
  creatorOrgId: number | null;
}

export interface StoredEvent {
  id: number;
  uuid: string;
  info: string;
  date: string;
  threatLevel: ThreatLevel;
  analysis: Analysis;
  published: boolean;
  publishTimestamp: number;
  timestamp: number;
  distribution: Distribution;
  sharingGroupId: number | null;
  /** Owning organisation on this node. */
  orgId: number;
  /** Creating organisation. */
  orgcId: number;
  tags: Tag[];
  /** Most restrictive TLP of the event's tags. */
  tlp: Tlp | null;
}

export interface StoredAttribute {
  id: number;
  uuid: string;
  eventId: number;
  objectId: number | null;
  objectRelation: string | null;
  type: string;
  category: string;
  value: string;
  toIds: boolean;
  comment: string;
  firstSeen: string | null;
  lastSeen: string | null;
  timestamp: number;
  distribution: Distribution;
  sharingGroupId: number | null;
  deleted: boolean;
  disableCorrelation: boolean;
  tags: Tag[];
}

export interface StoredObject {
  id: number;
  uuid: string;
  eventId: number;
  name: string;
  metaCategory: string;
  description: string;
  templateUuid: string | null;
  templateVersion: string | null;
  comment: string;
  distribution: Distribution;
  sharingGroupId: number | null;
  timestamp: number;
  deleted: boolean;
  firstSeen: string | null;
  lastSeen: string | null;
  references: { uuid: string; referencedUuid: string; relationshipType: string; comment: string }[];
}

export interface StoredSighting {
  id: number;
  uuid: string;
  attributeId: number;
  eventId: number;
  orgId: number;
  type: SightingType;
  source: string;
  dateSighting: number;
}

/** A whole event as stored, for views and exports. */
export interface FullEvent {
  event: StoredEvent;
  orgc: Organisation;
  org: Organisation;
  sharingGroup: SharingGroup | null;
  attributes: StoredAttribute[];
  objects: StoredObject[];
  sightings: StoredSighting[];
}

/**
 * Ownership rules of every save (`common/ownership.ts`): an existing event uuid of another organisation,
 * an attribute/object uuid held by another event, or a sharing group the owner does not belong to is
 * refused with `ownership_conflict` and nothing of the batch is written; `org_id`/`orgc_id` of a stored
 * event are never rewritten. `admin` (a node admin) may update other organisations' events, keeping their owner.
 */
export interface SaveOptions {
  admin?: boolean;
}

export interface SharingGroupPatch {
  name?: string;
  description?: string;
  releasability?: string;
}

/** Outcome of saving one event (re-saving identical data must give `unchanged` and zero counts). */
export interface SaveEventResult {
  uuid: string;
  eventId: number;
  status: 'created' | 'updated' | 'unchanged';
  attributesCreated: number;
  attributesUpdated: number;
  attributesUnchanged: number;
}

/** Probe and row shapes are core's (`core/matching/lookup-types.ts`): matching plans probes and classifies rows. */
export type { IndexVia, LookupProbes } from '../core/matching/lookup-types.ts';

/** A lookup row: which probe found which attribute (and its event) through which index entry. */
export interface LookupRow extends LookupRowOf<StoredAttribute, StoredEvent> {
  /** The probe key (for `keys`), the ip key (for `ipPoints`), or `start-end` (for `ipRanges`). */
  probe: string;
}
/** Filters for attribute/event search (MISP restSearch semantics are translated into this by the node). */
export interface AttributeQuery {
  /**
   * Exact canonical values (any index entry: value, halves), combined with OR; a value with a leading or
   * trailing `%` is a MISP LIKE pattern over the value or either composite half (`isLikePattern`).
   */
  values?: string[];
  /** Values that must not match. */
  notValues?: string[];
  /** Types and categories: exact, or MISP LIKE patterns when they start or end with `%` (`isLikePattern`). */
  types?: string[];
  notTypes?: string[];
  categories?: string[];
  notCategories?: string[];
  /**
   * Tag names (OR) the event or attribute must carry; `notTags` must not carry. Case-insensitive; a name with
   * `%` or `_` is a LIKE pattern, as MISP compares tag filters (`isTagPattern`).
   */
  tags?: string[];
  notTags?: string[];
  /** Creating organisations (MISP's `org` filter, `Event.orgc_id`). */
  orgcIds?: number[];
  notOrgcIds?: number[];
  toIds?: boolean;
  published?: boolean;
  eventIds?: number[];
  eventUuids?: string[];
  /** The attributes themselves, by id or uuid (MISP `sightings/add/{id}`). */
  attributeIds?: number[];
  attributeUuids?: string[];
  /** Attributes of these objects (by id or uuid); `inObject` true: only attributes inside some object. */
  objectIds?: number[];
  objectUuids?: string[];
  inObject?: boolean;
  /** Event date range (YYYY-MM-DD, inclusive). */
  dateFrom?: string;
  dateTo?: string;
  /** Attribute timestamp (epoch s) bounds. */
  timestampFrom?: number;
  timestampTo?: number;
  /** Event publish_timestamp bounds (MISP `last`). */
  publishFrom?: number;
  includeDeleted?: boolean;
  /** Only attributes whose TLP is at most this. */
  maxTlp?: Tlp;
  limit?: number;
  /** Zero-based offset. */
  offset?: number;
}

export interface EventQuery {
  uuids?: string[];
  ids?: number[];
  /** Events holding one of these objects (by id or uuid). */
  objectIds?: number[];
  objectUuids?: string[];
  /** Event tags, as `AttributeQuery.tags` (case-insensitive; `%`/`_` make a LIKE pattern). */
  tags?: string[];
  notTags?: string[];
  published?: boolean;
  dateFrom?: string;
  dateTo?: string;
  timestampFrom?: number;
  publishFrom?: number;
  /** Events that contain at least one attribute matching these values (patterns as in `AttributeQuery.values`). */
  values?: string[];
  /** Events that contain no visible attribute matching these values (MISP index `attribute` with `!`). */
  notValues?: string[];
  /** Creating organisation (MISP `orgc_id`) among / not among these. */
  orgcIds?: number[];
  notOrgcIds?: number[];
  /** Analysis level (0–2), threat level (1–4) and distribution (0–4) among / not among these. */
  analysis?: number[];
  notAnalysis?: number[];
  threatLevels?: number[];
  notThreatLevels?: number[];
  distributions?: number[];
  notDistributions?: number[];
  /** `info` LIKE one of these patterns (case-insensitive, `%`/`_` wildcards; MISP `eventinfo`); `notInfoLike` none. */
  infoLike?: string[];
  notInfoLike?: string[];
  /** Result order (default `id` ascending); ties fall back to id. */
  sort?: EventSort;
  desc?: boolean;
  maxTlp?: Tlp;
  limit?: number;
  offset?: number;
}

/** Event fields a search may be ordered by (MISP `events/index` `sort`). */
/**
 * Event orders. `attribute_count` counts the attributes the viewer may see (as the index shows them);
 * `org` is the creating organisation's name (case-insensitive).
 */
export type EventSort =
  | 'id' | 'date' | 'timestamp' | 'publish_timestamp' | 'info' | 'threat_level' | 'analysis' | 'published' | 'distribution'
  | 'attribute_count' | 'org' | 'orgc_id' | 'org_id' | 'uuid';

export interface Page<T> {
  items: T[];
  total: number;
}

export interface IntelStore {
  /** Creates or upgrades the schema; idempotent. */
  migrate(): Promise<void>;
  close(): Promise<void>;

  ensureOrg(org: { name: string; uuid?: string }): Promise<Organisation>;
  getOrg(idOrUuidOrName: number | string): Promise<Organisation | null>;
  listOrgs(): Promise<Organisation[]>;

  /**
   * Local administrative upsert (CLI, seeding, tests): replaces fields and members as given. Network paths
   * use the actor-checked operations below.
   */
  upsertSharingGroup(sg: SharingGroupInput, creatorOrgId?: number): Promise<SharingGroup>;
  listSharingGroups(): Promise<SharingGroup[]>;
  getSharingGroup(idOrUuid: number | string): Promise<SharingGroup | null>;
  /** Creates a group whose creator (always a member) is the actor's organisation; an existing uuid is a `conflict`. */
  createSharingGroup(sg: SharingGroupInput, actor: WriteActor): Promise<SharingGroup>;
  /** Changes name/description/releasability: creator or node admin only (`ownership_conflict` otherwise). */
  updateSharingGroup(idOrUuid: number | string, patch: SharingGroupPatch, actor: WriteActor): Promise<SharingGroup>;
  /** Adds (`member` true) or removes an organisation: creator or node admin only; the creator cannot be removed. */
  setSharingGroupMember(idOrUuid: number | string, orgId: number, member: boolean, actor: WriteActor): Promise<SharingGroup>;
  /** Sharing groups that name the organisation. */
  sharingGroupIdsForOrg(orgId: number): Promise<number[]>;

  /**
   * Saves a batch of events in one transaction, keyed by event/attribute/object uuid. The owner is the
   * organisation holding the data on this node. Attributes are indexed for lookup; values must already
   * be canonical (the importer normalises).
   */
  saveEvents(events: EventInput[], ownerOrgId: number, opts?: SaveOptions): Promise<SaveEventResult[]>;
  /** Deletes an event; with an actor, only its owning organisation or a node admin may (`ownership_conflict`). */
  deleteEvent(idOrUuid: number | string, actor?: WriteActor): Promise<boolean>;

  /** One event with everything in it the viewer may see, or null (deleted attributes/objects only on request). */
  getEvent(idOrUuid: number | string, viewer: Viewer, opts?: { includeDeleted?: boolean }): Promise<FullEvent | null>;
  searchEvents(q: EventQuery, viewer: Viewer): Promise<Page<StoredEvent>>;
  searchAttributes(q: AttributeQuery, viewer: Viewer): Promise<Page<{ attribute: StoredAttribute; event: StoredEvent }>>;
  /** How many attributes matching `q` the viewer sees in each event (events with none are absent); one query. */
  countAttributesByEvent(q: AttributeQuery, viewer: Viewer): Promise<Map<number, number>>;
  /** Streams every event (for exports) in id order, in pages; only what the viewer may see. */
  iterateEvents(viewer: Viewer, opts?: { maxTlp?: Tlp; batchSize?: number }): AsyncIterable<FullEvent>;

  /** Batch index lookup; only rows the viewer may see, deleted attributes excluded. */
  lookup(probes: LookupProbes, viewer: Viewer): Promise<LookupRow[]>;

  addSightings(sightings: SightingInput[]): Promise<StoredSighting[]>;

  counts(): Promise<{ events: number; attributes: number; orgs: number; sightings: number }>;

  /**
   * A cheap value that changes when events are added or removed or any event's timestamp, TLP, distribution
   * or sharing group changes (one aggregate query): lets derived views such as TAXII collections notice a
   * narrowed event at once.
   */
  sharingDigest(): Promise<string>;

  /** Organisations that own events on this node (for local administrative reads that see everything). */
  ownerOrgIds(): Promise<number[]>;
}

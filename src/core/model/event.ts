/**
 * The MISP-compatible data model shared by the store, importers, exporters and APIs.
 * Times are epoch seconds unless named `*Seen` (ISO-8601 strings, as MISP's first_seen/last_seen).
 */

/** MISP distribution: 0 own org, 1 community, 2 connected, 3 all, 4 sharing group, 5 inherit (attribute/object level). */
export type Distribution = 0 | 1 | 2 | 3 | 4 | 5;

/** MISP threat level: 1 high, 2 medium, 3 low, 4 undefined. */
export type ThreatLevel = 1 | 2 | 3 | 4;

/** MISP analysis: 0 initial, 1 ongoing, 2 completed. */
export type Analysis = 0 | 1 | 2;

/** MISP sighting type: 0 seen, 1 false positive, 2 expiration. */
export type SightingType = 0 | 1 | 2;

export interface OrgRef {
  name: string;
  uuid?: string;
}

export interface Tag {
  name: string;
  colour?: string;
  /** Local tags never leave this node. */
  local?: boolean;
}

export interface SharingGroupInput {
  uuid: string;
  name: string;
  description?: string;
  releasability?: string;
  /** Member organisations; the creator is always a member. */
  orgs: OrgRef[];
}

export interface AttributeInput {
  uuid: string;
  type: string;
  category: string;
  value: string;
  toIds: boolean;
  comment: string;
  firstSeen: string | null;
  lastSeen: string | null;
  timestamp: number;
  distribution: Distribution;
  sharingGroupUuid: string | null;
  tags: Tag[];
  deleted: boolean;
  disableCorrelation: boolean;
  /** Set when the attribute belongs to an object. */
  objectRelation: string | null;
}

export interface ObjectReferenceInput {
  uuid: string;
  referencedUuid: string;
  relationshipType: string;
  comment: string;
}

export interface ObjectInput {
  uuid: string;
  name: string;
  metaCategory: string;
  description: string;
  templateUuid: string | null;
  templateVersion: string | null;
  comment: string;
  distribution: Distribution;
  sharingGroupUuid: string | null;
  timestamp: number;
  deleted: boolean;
  firstSeen: string | null;
  lastSeen: string | null;
  attributes: AttributeInput[];
  references: ObjectReferenceInput[];
}

export interface SightingInput {
  uuid: string;
  attributeUuid: string;
  type: SightingType;
  source: string;
  /** Organisation that reported the sighting. */
  org: OrgRef;
  dateSighting: number;
}

export interface EventInput {
  uuid: string;
  info: string;
  /** YYYY-MM-DD */
  date: string;
  threatLevel: ThreatLevel;
  analysis: Analysis;
  published: boolean;
  publishTimestamp: number;
  timestamp: number;
  distribution: Distribution;
  sharingGroup: SharingGroupInput | null;
  /** Creating organisation. */
  orgc: OrgRef;
  tags: Tag[];
  attributes: AttributeInput[];
  objects: ObjectInput[];
  sightings: SightingInput[];
}

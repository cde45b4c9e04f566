/**
 * The TAXII 2.1 store: API roots, collections with per-organisation rights, every stored object
 * version (with a per-collection unique, strictly increasing `date_added` in microseconds) and status
 * resources. Two adapters (`sqlite.ts`, `postgres.ts`) share one contract suite and live on the intel
 * store's connection. Reads take a `Viewer` and apply `canView` (in SQL, re-checked in JS).
 */
import type { Distribution } from '../../core/model/event.ts';
import type { Viewer } from '../../core/sharing/access.ts';
import type { WriteActor } from '../common/ownership.ts';
import type { Tlp } from '../../core/sharing/tlp.ts';

export interface TaxiiApiRoot {
  /** Path segment under the server root, e.g. `trustgroup1`. */
  name: string;
  title: string;
  description: string | null;
  maxContentLength: number;
}

/** The sharing every object posted to a collection gets (object TLP markings can only make it stricter). */
export interface CollectionSharing {
  distribution: Distribution;
  sharingGroupId: number | null;
  tlp: Tlp | null;
}

/**
 * A collection fed from the intel store: the node's events (owned by any organisation) are published into
 * it as STIX, keeping each event's owner, distribution, sharing group and TLP.
 */
export interface StoreSource {
  /** Only events whose TLP is at most this. */
  maxTlp?: Tlp;
  /** Only events shared with this sharing group (store id). */
  sharingGroupId?: number;
}

export interface TaxiiCollection {
  id: string;
  apiRoot: string;
  title: string;
  description: string | null;
  alias: string | null;
  mediaTypes: string[];
  /** Rights of organisations that have no permission row of their own. */
  defaultRead: boolean;
  defaultWrite: boolean;
  sharing: CollectionSharing;
  /** Set when the collection also publishes the intel store's events. */
  source?: StoreSource | null;
}

export interface CollectionRights {
  canRead: boolean;
  canWrite: boolean;
}

/** Sharing of one stored version (who owns it, and the store's distribution/TLP model). */
export interface VersionSharing {
  ownerOrgId: number;
  distribution: Distribution;
  sharingGroupId: number | null;
  tlp: Tlp | null;
}

export interface NewObjectVersion extends VersionSharing {
  stixId: string;
  type: string;
  /** The object's `modified` (or `created`) exactly as posted; '' for objects with neither (SCOs). */
  version: string;
  /** Sortable form of `version` (see `versionKey`), used for ordering and exact matches. */
  versionKey: string;
  specVersion: string;
  mediaType: string;
  /** The object's JSON text as it will be served. */
  body: string;
  /** Explicit date_added (µs) for imports; raised to stay strictly increasing. Default: now. */
  dateAdded?: number;
}

/** One version as queries return it (reads select only these columns: fewer columns, faster pages). */
export interface StoredVersion extends VersionSharing {
  stixId: string;
  version: string;
  specVersion: string;
  mediaType: string;
  /** Microseconds since the epoch; unique and strictly increasing per collection. */
  dateAdded: number;
  /** Present only when the query asked for bodies. */
  body?: string;
}

/** `match[version]` values are ORed: `all` disables the filter. */
export interface VersionMatch {
  all: boolean;
  first: boolean;
  last: boolean;
  /** Version keys (see `versionKey`). */
  exact: string[];
}

export interface VersionQuery {
  collectionId: string;
  viewer: Viewer;
  /** Exclusive lower bound on date_added (µs): `added_after` and the cursor, whichever is later. */
  after?: number;
  ids?: string[];
  types?: string[];
  version: VersionMatch;
  /** Explicit `match[spec_version]`; undefined = the newest spec version each object has. */
  specVersions?: string[];
  limit: number;
  withBody: boolean;
}

export interface VersionPage {
  rows: StoredVersion[];
  more: boolean;
  /** date_added of the last row the query read (before the JS visibility re-check): the cursor position. */
  position: number | null;
}

export interface AddResult {
  /** Versions written now. */
  added: number;
  /** Versions already present (same id and version): identical re-posts are not errors. */
  duplicates: number;
}

export interface StoredStatus {
  id: string;
  apiRoot: string;
  /** Organisation that posted; only it may read the status. Null = any authenticated caller. */
  ownerOrgId: number | null;
  /** The status resource JSON as served. */
  body: Record<string, unknown>;
}

export interface TaxiiStore {
  /** Creates the TAXII tables; idempotent. */
  migrate(): Promise<void>;

  upsertApiRoot(root: TaxiiApiRoot): Promise<void>;
  listApiRoots(): Promise<TaxiiApiRoot[]>;
  getApiRoot(name: string): Promise<TaxiiApiRoot | null>;

  upsertCollection(c: TaxiiCollection): Promise<void>;
  listCollections(apiRoot: string): Promise<TaxiiCollection[]>;
  getCollection(apiRoot: string, id: string): Promise<TaxiiCollection | null>;
  /** Sets (or with null clears) an organisation's rights on a collection. */
  setRights(collectionId: string, orgId: number, rights: CollectionRights | null): Promise<void>;
  /** Event timestamp (epoch s) up to which a store-fed collection has been synchronised. */
  getSyncMark(collectionId: string): Promise<number>;
  setSyncMark(collectionId: string, epochSeconds: number): Promise<void>;
  /** Event timestamps a store-fed collection last published, by event uuid (absent = never). */
  syncedEvents(collectionId: string, eventUuids: string[]): Promise<Map<string, number>>;
  recordSyncedEvents(collectionId: string, events: { uuid: string; timestamp: number }[]): Promise<void>;
  /** Every event uuid the collection has published (for finding events that left the store). */
  listSyncedEvents(collectionId: string): Promise<string[]>;
  /** Forgets published events (after their objects were revoked). */
  forgetSyncedEvents(collectionId: string, eventUuids: string[]): Promise<void>;
  /** The organisation's rights: its own row, else the collection defaults. */
  rightsFor(collection: TaxiiCollection, orgId: number): Promise<CollectionRights>;

  /**
   * Writes versions in one transaction, skipping ones already present; assigns date_added. With `writer`
   * (a client's POST), an object id that already has versions of another organisation is refused
   * (`ownership_conflict`) and nothing is written; a node admin may add versions.
   */
  addVersions(collectionId: string, versions: NewObjectVersion[], opts?: { writer?: WriteActor }): Promise<AddResult>;
  /** One page of versions in date_added order with the TAXII filter semantics (see VersionQuery). */
  queryVersions(q: VersionQuery): Promise<VersionPage>;
  /** True when the viewer can see at least one version of the object in the collection. */
  objectVisible(collectionId: string, stixId: string, viewer: Viewer): Promise<boolean>;
  /**
   * Deletes the matching versions the viewer can see; returns how many went. With `writer`, a match written
   * by another organisation refuses the whole delete (`ownership_conflict`) unless the writer is a node admin.
   */
  deleteVersions(q: { collectionId: string; stixId: string; viewer: Viewer; version: VersionMatch; specVersions?: string[]; writer?: WriteActor }): Promise<number>;

  /**
   * Sets the sharing of every stored version of these objects written by `ownerOrgId` (all versions, so a
   * narrowed event stops being readable at once, not at its next version).
   */
  reshareVersions(collectionId: string, items: { stixId: string; ownerOrgId: number; sharing: Omit<VersionSharing, 'ownerOrgId'> }[]): Promise<number>;

  saveStatus(s: StoredStatus): Promise<void>;
  getStatus(apiRoot: string, id: string): Promise<StoredStatus | null>;
  /** Drops statuses stored before `beforeMs` (epoch ms). */
  purgeStatuses(beforeMs: number): Promise<number>;
}

/**
 * Store → TAXII: a collection with a `source` publishes the intel store's events as STIX (via
 * `eventsToStix`), one incremental pass per call from the collection's sync mark. Each object keeps its
 * event's owner, distribution, sharing group and TLP, so `canView` decides on TAXII exactly as on the
 * other read paths. Attributes shared more narrowly than their event are left out (their SCO ids would
 * reveal the value). Objects several events share (identities, markings, SCOs) are stored once, with the
 * sharing of the first event that brought them, so each pass handles the most open events first.
 */
import type { FullEvent, IntelStore, StoredEvent } from '../../storage/port.ts';
import type { NewObjectVersion, StoredVersion, TaxiiCollection, TaxiiStore, VersionSharing } from '../../storage/taxii/port.ts';
import type { Viewer } from '../../core/sharing/access.ts';
import { stricterTlp, tlpAtMost, tlpOf, type Tlp } from '../../core/sharing/tlp.ts';
import { eventsToStix } from '../../stix/events-to-stix.ts';
import { markingTlp, specVersionOf, versionOf } from './stix-object.ts';
import { versionKey } from './timestamps.ts';

const PAGE = 200;

/** Openness order of events: community before sharing group before owner-only, then by TLP. */
const openness = (e: StoredEvent): number => (e.distribution === 0 ? 20 : e.distribution === 4 ? 10 : 0) + (e.tlp ? RANK[e.tlp] : 0);
const RANK: Record<Tlp, number> = { clear: 0, green: 1, amber: 2, 'amber+strict': 3, red: 4 };

function wanted(c: TaxiiCollection, e: StoredEvent): boolean {
  const src = c.source;
  if (!src) return false;
  if (src.maxTlp && !tlpAtMost(e.tlp, src.maxTlp)) return false;
  if (src.sharingGroupId !== undefined && (e.distribution !== 4 || e.sharingGroupId !== src.sharingGroupId)) return false;
  return true;
}

/**
 * The event with only the attributes shared exactly as the event itself (an attribute inside an object
 * also needs the object to be), and without local tags: they never leave the node.
 */
function sameSharingOnly(fe: FullEvent): FullEvent {
  const e = fe.event;
  const same = (x: { distribution: number; sharingGroupId: number | null }) =>
    x.distribution === 5 || (x.distribution === e.distribution && x.sharingGroupId === e.sharingGroupId);
  const objects = new Map(fe.objects.map((o) => [o.id, o]));
  const attributes = fe.attributes
    .filter((a) => {
      const t = tlpOf(a.tags);
      const obj = a.objectId === null ? null : objects.get(a.objectId);
      if (a.objectId !== null && (!obj || !same(obj))) return false;
      return same(a) && (t === null || (e.tlp !== null && RANK[t] <= RANK[e.tlp]));
    })
    .map((a) => ({ ...a, tags: a.tags.filter((t) => !t.local) }));
  return { ...fe, event: { ...e, tags: e.tags.filter((t) => !t.local) }, attributes };
}

/**
 * What a collection remembers of a published event: its timestamp and its sharing, so that a TLP raise
 * or a narrowed distribution re-publishes (and re-shares) the event even when its timestamp did not move.
 */
export function syncStamp(e: StoredEvent): number {
  const rank = e.tlp === null ? 0 : RANK[e.tlp] + 1;
  return e.timestamp * 4096 + (e.distribution * 8 + rank) * 64 + ((e.sharingGroupId ?? 0) % 64);
}

/** Types whose ids belong to one event (identities and TLP markings are shared by many). */
const EVENT_OWN = (type: string) => type !== 'identity' && type !== 'marking-definition';

/** STIX versions for one event, each with the sharing it must keep. */
export function versionsForEvent(fe: FullEvent): NewObjectVersion[] {
  const e = fe.event;
  const out: NewObjectVersion[] = [];
  for (const o of eventsToStix([sameSharingOnly(fe)])) {
    const sharing: VersionSharing = {
      ownerOrgId: e.orgId, distribution: e.distribution === 5 ? 1 : e.distribution, sharingGroupId: e.sharingGroupId,
      tlp: o.type === 'marking-definition' ? e.tlp : stricterTlp(e.tlp, markingTlp(o)),
    };
    const version = versionOf(o);
    const spec = specVersionOf(o);
    out.push({
      ...sharing, stixId: o.id, type: o.type, version, versionKey: version ? (versionKey(version) ?? '') : '', specVersion: spec,
      mediaType: `application/stix+json;version=${spec}`, body: JSON.stringify(o),
    });
  }
  return out;
}

/**
 * Publishes new and changed events. Normally only events stamped at or after the collection's sync mark
 * are listed; a `full` pass lists every event (needed when events arrive with older timestamps, as
 * imports do), still converts only those whose timestamp differs from the one last published, and
 * revokes what events that left the store (or the collection) had published.
 */
export async function syncStoreCollection(store: IntelStore, taxii: TaxiiStore, c: TaxiiCollection, opts: { full?: boolean } = {}): Promise<{ events: number; added: number }> {
  if (!c.source) return { events: 0, added: 0 };
  const since = opts.full ? 0 : await taxii.getSyncMark(c.id);
  let mark = since;
  let events = 0;
  let added = 0;
  const present = new Set<string>();
  for (const org of await store.listOrgs()) {
    const viewer = { orgId: org.id, sharingGroupIds: await store.sharingGroupIdsForOrg(org.id) };
    for (let offset = 0; ; offset += PAGE) {
      const page = await store.searchEvents({ ...(since > 0 ? { timestampFrom: since } : {}), limit: PAGE, offset }, viewer);
      const owned = page.items.filter((e) => e.orgId === org.id && wanted(c, e));
      const known = await taxii.syncedEvents(c.id, owned.map((e) => e.uuid));
      const changed = owned.filter((e) => known.get(e.uuid) !== syncStamp(e)).sort((a, b) => openness(a) - openness(b));
      const versions: NewObjectVersion[] = [];
      const reshare: Parameters<TaxiiStore['reshareVersions']>[1] = [];
      for (const e of changed) {
        const full = await store.getEvent(e.id, viewer);
        if (!full) continue;
        const current = versionsForEvent(full);
        versions.push(...current);
        if (known.has(e.uuid)) {
          versions.push(...(await revocations(taxii, c.id, viewer, e, current)));
          // Earlier versions take the event's current sharing: a narrowed event is unreadable at once.
          for (const v of current) {
            if (EVENT_OWN(v.type)) reshare.push({ stixId: v.stixId, ownerOrgId: v.ownerOrgId, sharing: { distribution: v.distribution, sharingGroupId: v.sharingGroupId, tlp: v.tlp } });
          }
        }
        events++;
      }
      for (const e of owned) {
        mark = Math.max(mark, e.timestamp);
        present.add(e.uuid);
      }
      if (versions.length) added += (await taxii.addVersions(c.id, versions)).added;
      if (reshare.length) await taxii.reshareVersions(c.id, reshare);
      await taxii.recordSyncedEvents(c.id, changed.map((e) => ({ uuid: e.uuid, timestamp: syncStamp(e) })));
      if (page.items.length < PAGE) break;
    }
  }
  if (opts.full) added += await revokeGoneEvents(store, taxii, c, present);
  if (mark > (await taxii.getSyncMark(c.id))) await taxii.setSyncMark(c.id, mark);
  return { events, added };
}

const LAST = { all: false, first: false, last: true, exact: [] };

/** Latest stored body of an object in the collection, parsed (null when absent). */
async function latest(taxii: TaxiiStore, collectionId: string, viewer: Viewer, id: string): Promise<{ obj: Record<string, unknown>; row: StoredVersion } | null> {
  const page = await taxii.queryVersions({ collectionId, viewer, ids: [id], version: LAST, limit: 1, withBody: true });
  const row = page.rows[0];
  return row?.body ? { obj: JSON.parse(row.body) as Record<string, unknown>, row } : null;
}

/** A new version of a published object with `revoked: true`, dated after its last version. */
function revokedVersion(latestObj: Record<string, unknown>, row: StoredVersion, atMs: number): NewObjectVersion {
  const prevMs = Date.parse(String(latestObj.modified));
  const modified = new Date(Math.max(atMs, (Number.isNaN(prevMs) ? 0 : prevMs) + 1)).toISOString();
  const { stixId, specVersion, mediaType, ownerOrgId, distribution, sharingGroupId, tlp } = row;
  return {
    stixId, type: stixId.slice(0, stixId.indexOf('--')), version: modified, versionKey: versionKey(modified) ?? '', specVersion, mediaType, ownerOrgId, distribution, sharingGroupId, tlp,
    body: JSON.stringify({ ...latestObj, modified, revoked: true }),
  };
}

const indicatorRefs = (o: Record<string, unknown> | undefined): Set<string> =>
  new Set(Array.isArray(o?.object_refs) ? (o.object_refs as string[]).filter((r) => r.startsWith('indicator--')) : []);

/**
 * Revocations for indicators `report` referenced that are not in `still` (all of them when the event is
 * gone), so consumers learn the indicator no longer stands.
 */
async function revokeIndicators(taxii: TaxiiStore, collectionId: string, viewer: Viewer, report: Record<string, unknown>, still: Set<string>, atMs: number): Promise<NewObjectVersion[]> {
  const out: NewObjectVersion[] = [];
  for (const id of indicatorRefs(report)) {
    if (still.has(id)) continue;
    const ind = await latest(taxii, collectionId, viewer, id);
    if (ind && ind.obj.revoked !== true) out.push(revokedVersion(ind.obj, ind.row, atMs));
  }
  return out;
}

/**
 * Indicators the event's previous report referenced but its current one does not (the attribute was
 * deleted or narrowed) get a new version with `revoked: true`, so consumers learn about it.
 */
async function revocations(taxii: TaxiiStore, collectionId: string, viewer: Viewer, e: StoredEvent, current: NewObjectVersion[]): Promise<NewObjectVersion[]> {
  const reportId = `report--${e.uuid}`;
  const prev = await latest(taxii, collectionId, viewer, reportId);
  if (!prev) return [];
  const nowReport = current.find((v) => v.stixId === reportId);
  const still = indicatorRefs(nowReport ? (JSON.parse(nowReport.body) as Record<string, unknown>) : undefined);
  return revokeIndicators(taxii, collectionId, viewer, prev.obj, still, e.timestamp * 1000);
}

/**
 * Events the collection published that a full pass no longer finds (deleted, or now outside the collection,
 * e.g. their TLP was raised): their report and indicators are revoked, each by its owner's viewer.
 */
async function revokeGoneEvents(store: IntelStore, taxii: TaxiiStore, c: TaxiiCollection, present: Set<string>): Promise<number> {
  const gone = (await taxii.listSyncedEvents(c.id)).filter((u) => !present.has(u));
  if (gone.length === 0) return 0;
  const reportIds = gone.map((u) => `report--${u}`);
  let added = 0;
  for (const org of await store.listOrgs()) {
    const viewer = { orgId: org.id, sharingGroupIds: await store.sharingGroupIdsForOrg(org.id) };
    const page = await taxii.queryVersions({ collectionId: c.id, viewer, ids: reportIds, version: LAST, limit: reportIds.length, withBody: true });
    const versions: NewObjectVersion[] = [];
    for (const row of page.rows) {
      if (row.ownerOrgId !== org.id || !row.body) continue;
      const report = JSON.parse(row.body) as Record<string, unknown>;
      if (report.revoked === true) continue;
      versions.push(revokedVersion(report, row, Date.now()), ...(await revokeIndicators(taxii, c.id, viewer, report, new Set(), Date.now())));
    }
    if (versions.length) added += (await taxii.addVersions(c.id, versions)).added;
  }
  await taxii.forgetSyncedEvents(c.id, gone);
  return added;
}

/**
 * Runs `syncStoreCollection` at most once per interval per collection (reads call this before answering),
 * and at once when the store's sharing digest moved. The first pass of a process, and any pass after the
 * digest changed, is full.
 */
export function createSyncThrottle(store: IntelStore, taxii: TaxiiStore, intervalMs: number): (c: TaxiiCollection) => Promise<void> {
  const last = new Map<string, { at: number; digest: string }>();
  const running = new Map<string, Promise<unknown>>();
  return async (c) => {
    if (!c.source) return;
    const prev = last.get(c.id);
    // The digest is one aggregate query: checked on every read so that a narrowed event is revoked at once.
    const now = await store.sharingDigest();
    if (prev && Date.now() - prev.at < intervalMs && prev.digest === now) return;
    let p = running.get(c.id);
    if (!p) {
      p = (async () => {
        const digest = await store.sharingDigest();
        // Full on the first pass of a process (imports may have happened meanwhile) and whenever events were
        // added, removed, re-stamped or re-shared (a TLP raise with the timestamp unchanged is revoked at once).
        await syncStoreCollection(store, taxii, c, { full: prev === undefined || prev.digest !== digest });
        last.set(c.id, { at: Date.now(), digest });
      })().finally(() => running.delete(c.id));
      running.set(c.id, p);
    }
    await p;
  };
}

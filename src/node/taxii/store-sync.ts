/**
 * Store → TAXII: a collection with a `source` publishes the intel store's events as STIX (via
 * `eventsToStix`), one incremental pass per call from the collection's sync mark. Each object keeps its
 * event's owner, distribution, sharing group and TLP, so `canView` decides on TAXII exactly as on the
 * other read paths. Attributes shared more narrowly than their event are left out (their SCO ids would
 * reveal the value). Objects several events share (identities, markings, SCOs) are stored once, with the
 * sharing of the first event that brought them, so each pass handles the most open events first.
 */
import type { FullEvent, IntelStore, StoredEvent } from '../../storage/port.ts';
import type { NewObjectVersion, TaxiiCollection, TaxiiStore, VersionSharing } from '../../storage/taxii/port.ts';
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

/** The event with only the attributes shared exactly as the event itself. */
function sameSharingOnly(fe: FullEvent): FullEvent {
  const e = fe.event;
  const attributes = fe.attributes.filter((a) => {
    const sameDist = a.distribution === 5 || (a.distribution === e.distribution && a.sharingGroupId === e.sharingGroupId);
    const t = tlpOf(a.tags);
    return sameDist && (t === null || (e.tlp !== null && RANK[t] <= RANK[e.tlp]));
  });
  return { ...fe, attributes };
}

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
 * Publishes events whose timestamp is at or after the collection's sync mark (`full`: every event);
 * returns how many events were read and how many new versions were written. Events imported with a
 * timestamp older than the mark need a full pass (the node runs one after imports).
 */
export async function syncStoreCollection(store: IntelStore, taxii: TaxiiStore, c: TaxiiCollection, opts: { full?: boolean } = {}): Promise<{ events: number; added: number }> {
  if (!c.source) return { events: 0, added: 0 };
  const since = opts.full ? 0 : await taxii.getSyncMark(c.id);
  let mark = since;
  let events = 0;
  let added = 0;
  for (const org of await store.listOrgs()) {
    const viewer = { orgId: org.id, sharingGroupIds: await store.sharingGroupIdsForOrg(org.id) };
    for (let offset = 0; ; offset += PAGE) {
      const page = await store.searchEvents({ timestampFrom: since, limit: PAGE, offset }, viewer);
      const versions: NewObjectVersion[] = [];
      const items = page.items.filter((e) => e.orgId === org.id && wanted(c, e)).sort((a, b) => openness(a) - openness(b));
      for (const e of items) {
        const full = await store.getEvent(e.id, viewer);
        if (!full) continue;
        versions.push(...versionsForEvent(full));
        mark = Math.max(mark, e.timestamp);
        events++;
      }
      if (versions.length) added += (await taxii.addVersions(c.id, versions)).added;
      if (page.items.length < PAGE) break;
    }
  }
  if (mark > (await taxii.getSyncMark(c.id))) await taxii.setSyncMark(c.id, mark);
  return { events, added };
}

/** Runs `syncStoreCollection` at most once per interval per collection (reads call this before answering). */
export function createSyncThrottle(store: IntelStore, taxii: TaxiiStore, intervalMs: number): (c: TaxiiCollection) => Promise<void> {
  const last = new Map<string, number>();
  const running = new Map<string, Promise<unknown>>();
  return async (c) => {
    if (!c.source) return;
    const now = Date.now();
    if (now - (last.get(c.id) ?? -Infinity) < intervalMs) return;
    let p = running.get(c.id);
    if (!p) {
      p = syncStoreCollection(store, taxii, c).finally(() => {
        last.set(c.id, Date.now());
        running.delete(c.id);
      });
      running.set(c.id, p);
    }
    await p;
  };
}

/**
 * The node's standard TAXII layout (idempotent, deterministic ids): one API root with a collection of
 * everything the caller may see, a TLP:CLEAR/GREEN community collection, one collection per sharing
 * group (all three fed from the intel store, read-only) and a writable "member submissions" collection.
 */
import { v5 as uuidv5 } from 'uuid';
import type { IntelStore } from '../../storage/port.ts';
import type { TaxiiCollection, TaxiiStore } from '../../storage/taxii/port.ts';
import { STIX_MEDIA } from './media.ts';

const NAMESPACE = '2b7c0f64-6a0e-4f43-8d1c-7d1f6c2a9e55';

/** Deterministic collection id for a name within an API root. */
export function collectionId(apiRoot: string, name: string): string {
  return uuidv5(`${apiRoot}/${name}`, NAMESPACE);
}

/** Creates or updates the standard API root and collections; returns the collections. */
export async function ensureDefaultCollections(
  taxii: TaxiiStore,
  store: IntelStore,
  opts: { apiRoot?: string; title?: string; maxContentLength?: number } = {},
): Promise<TaxiiCollection[]> {
  const apiRoot = opts.apiRoot ?? 'default';
  await taxii.upsertApiRoot({ name: apiRoot, title: opts.title ?? 'Renkei node', description: 'Intel shared by this node, per TLP and sharing group', maxContentLength: opts.maxContentLength ?? 10 * 1024 * 1024 });
  const base = { apiRoot, alias: null, mediaTypes: [STIX_MEDIA], defaultRead: true };
  const list: TaxiiCollection[] = [
    {
      ...base, id: collectionId(apiRoot, 'all'), alias: 'all', title: 'All intel visible to you',
      description: 'Every event of this node, filtered per caller by TLP and distribution', defaultWrite: false,
      sharing: { distribution: 1, sharingGroupId: null, tlp: null }, source: {},
    },
    {
      ...base, id: collectionId(apiRoot, 'community'), alias: 'community', title: 'TLP:CLEAR and TLP:GREEN indicators',
      description: 'Events marked at most TLP:GREEN', defaultWrite: false, sharing: { distribution: 1, sharingGroupId: null, tlp: null }, source: { maxTlp: 'green' },
    },
    {
      ...base, id: collectionId(apiRoot, 'submissions'), alias: 'submissions', title: 'Member submissions',
      description: 'Objects members post; they also become events of the posting organisation', defaultWrite: true,
      sharing: { distribution: 1, sharingGroupId: null, tlp: null }, source: null,
    },
  ];
  for (const sg of await store.listSharingGroups()) {
    list.push({
      ...base, id: collectionId(apiRoot, `sg/${sg.uuid}`), alias: null, title: `Sharing group: ${sg.name}`,
      description: sg.description || null, defaultWrite: false, sharing: { distribution: 4, sharingGroupId: sg.id, tlp: null }, source: { sharingGroupId: sg.id },
    });
  }
  for (const c of list) await taxii.upsertCollection(c);
  return list;
}

/**
 * Loads TAXII data in the layout of medallion's data file (`{"<api-root>": {information, status,
 * collections: [{…, objects, manifest}]}}`) into the TAXII store, keeping each object's `date_added`
 * from the manifest (raised by 1 µs where the file repeats one, since ours are unique per collection).
 */
import type { TaxiiStore } from '../../storage/taxii/port.ts';
import { STIX_MEDIA } from './media.ts';
import { describeObjects } from './stix-object.ts';
import { parseMicros, versionKey } from './timestamps.ts';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const strOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Imports every API root, status and collection of the file; objects are owned by `ownerOrgId`. */
export async function seedTaxiiData(taxii: TaxiiStore, data: unknown, opts: { ownerOrgId: number }): Promise<{ roots: number; collections: number; objects: number }> {
  let roots = 0;
  let collections = 0;
  let objects = 0;
  for (const [name, value] of Object.entries(obj(data))) {
    if (name.startsWith('/')) continue;
    const info = obj(obj(value).information);
    await taxii.upsertApiRoot({ name, title: String(info.title ?? name), description: strOrNull(info.description), maxContentLength: Number(info.max_content_length ?? 10485760) });
    roots++;
    for (const s of arr(obj(value).status)) {
      const body = obj(s);
      if (typeof body.id === 'string') await taxii.saveStatus({ id: body.id, apiRoot: name, ownerOrgId: null, body });
    }
    for (const c of arr(obj(value).collections).map(obj)) {
      const id = String(c.id);
      await taxii.upsertCollection({
        id, apiRoot: name, title: String(c.title ?? id), description: strOrNull(c.description), alias: strOrNull(c.alias),
        mediaTypes: arr(c.media_types).filter((m): m is string => typeof m === 'string'),
        defaultRead: c.can_read === true, defaultWrite: c.can_write === true,
        sharing: { distribution: 3, sharingGroupId: null, tlp: null },
      });
      collections++;
      const described = describeObjects(arr(c.objects), undefined).flatMap((d) => (d.ok ? [d.value] : []));
      const added = new Map<string, number>();
      const mediaTypes = new Map<string, string>();
      const order = new Map<string, number>();
      for (const [i, m] of arr(c.manifest).map(obj).entries()) {
        const key = `${String(m.id)}|${versionKey(String(m.version ?? '')) ?? ''}`;
        order.set(key, i);
        const us = typeof m.date_added === 'string' ? parseMicros(m.date_added) : null;
        if (us !== null) added.set(key, us);
        if (typeof m.media_type === 'string') mediaTypes.set(key, m.media_type);
      }
      const versions = described.map((d) => {
        const key = `${d.stixId}|${d.versionKey}`;
        const dateAdded = added.get(key);
        return {
          stixId: d.stixId, type: d.type, version: d.version, versionKey: d.versionKey, specVersion: d.specVersion,
          mediaType: mediaTypes.get(key) ?? (d.specVersion === '2.1' ? STIX_MEDIA : d.mediaType), body: JSON.stringify(d.object),
          ownerOrgId: opts.ownerOrgId, distribution: 3 as const, sharingGroupId: null, tlp: d.tlp,
          ...(dateAdded !== undefined ? { dateAdded } : {}),
        };
      });
      // date_added order, ties in manifest order (the later one is raised by 1 µs); unlisted objects last.
      const rank = (v: (typeof versions)[number]) => [v.dateAdded ?? Number.MAX_SAFE_INTEGER, order.get(`${v.stixId}|${v.versionKey}`) ?? 0] as const;
      versions.sort((a, b) => rank(a)[0] - rank(b)[0] || rank(a)[1] - rank(b)[1]);
      if (versions.length) objects += (await taxii.addVersions(id, versions)).added;
    }
  }
  return { roots, collections, objects };
}

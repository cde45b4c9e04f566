/**
 * MISP feed directories: `manifest.json` names the events, each in `<uuid>.json` as `{"Event":…}`.
 * `hashes.csv` is derived data and not needed for import. Events are read one file at a time.
 */
import { access, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { OrgRef } from '../core/model/event.ts';
import { mispDocumentItems, readJson } from './json-importer.ts';
import type { ImportItem, ListOptions } from './types.ts';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Imports every event a feed's manifest lists. */
export async function* importFeed(dir: string, opts: ListOptions): AsyncGenerator<ImportItem> {
  const manifestFile = path.join(dir, 'manifest.json');
  const m = await readJson(manifestFile);
  let uuids: string[];
  if ('error' in m || typeof m.doc !== 'object' || m.doc === null || Array.isArray(m.doc)) {
    // A damaged manifest does not cost the feed: its events are the <uuid>.json files beside it.
    uuids = (await readdir(dir)).filter((f) => UUID_RE.test(f.replace(/\.json$/, '')) && f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
    const why = 'error' in m ? m.error : 'manifest is not an object keyed by event uuid';
    yield { kind: 'reject', file: manifestFile, reason: `${why}; importing the ${uuids.length} event files in the directory instead` };
  } else uuids = Object.keys(m.doc);
  const org: OrgRef = opts.orgUuid ? { name: opts.orgName, uuid: opts.orgUuid } : { name: opts.orgName };
  if (uuids.length === 0) yield { kind: 'skip', file: manifestFile, reason: 'feed manifest lists no events' };
  for (const uuid of uuids) {
    if (!UUID_RE.test(uuid)) {
      yield { kind: 'reject', file: manifestFile, record: uuid, reason: 'manifest key is not an event uuid' };
      continue;
    }
    const file = path.join(dir, `${uuid}.json`);
    try {
      await access(file);
    } catch {
      yield { kind: 'reject', file: manifestFile, record: uuid, reason: `event file ${uuid}.json is missing` };
      continue;
    }
    const r = await readJson(file);
    if ('error' in r) {
      yield { kind: 'reject', file, reason: r.error };
      continue;
    }
    yield* mispDocumentItems(r.doc, file, org, opts);
  }
}

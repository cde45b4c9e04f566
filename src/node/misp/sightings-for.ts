import type { Viewer } from '../../core/sharing/access.ts';
import type { IntelStore, StoredSighting } from '../../storage/port.ts';

/** Sightings of the events behind some rows, fetched once per event (only what the viewer may see). */
export async function sightingsForEvents(store: IntelStore, eventIds: Iterable<number>, viewer: Viewer): Promise<StoredSighting[]> {
  const out: StoredSighting[] = [];
  for (const id of new Set(eventIds)) {
    const fe = await store.getEvent(id, viewer);
    if (fe) out.push(...fe.sightings);
  }
  return out;
}

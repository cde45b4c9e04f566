/** `returnFormat: stix2`: rows or events → one STIX 2.1 bundle (mapping by `src/stix/events-to-stix.ts`). */
import { v4 as uuidv4 } from 'uuid';
import type { Viewer } from '../../core/sharing/access.ts';
import type { FullEvent, StoredAttribute, StoredEvent } from '../../storage/port.ts';
import { eventsToStix, stixBundle } from '../../stix/events-to-stix.ts';
import type { NodeContext } from '../context.ts';

/** A bundle holding only the matched attributes, each inside its (visible) event. */
export async function stixBundleForRows(ctx: NodeContext, rows: readonly { attribute: StoredAttribute; event: StoredEvent }[], viewer: Viewer): Promise<unknown> {
  const byEvent = new Map<number, Set<number>>();
  for (const r of rows) {
    const set = byEvent.get(r.event.id) ?? new Set<number>();
    set.add(r.attribute.id);
    byEvent.set(r.event.id, set);
  }
  const events: FullEvent[] = [];
  for (const [eventId, ids] of byEvent) {
    const fe = await ctx.store.getEvent(eventId, viewer);
    if (fe) events.push({ ...fe, attributes: fe.attributes.filter((a) => ids.has(a.id)), objects: [] });
  }
  return stixBundleForEvents(events);
}

/** A bundle of whole events (already filtered for the viewer by the store). */
export async function stixBundleForEvents(events: readonly FullEvent[]): Promise<unknown> {
  return stixBundle(eventsToStix(events), uuidv4());
}

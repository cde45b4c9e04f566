/** Test helper: drains an importer into plain lists (used by the importer tests only). */
import type { AttributeInput, EventInput } from '../core/model/event.ts';
import type { ImportItem, NoteItem, RejectItem, SkipItem } from './types.ts';

export interface Collected {
  events: EventInput[];
  attributes: AttributeInput[];
  rejects: RejectItem[];
  skips: SkipItem[];
  notes: NoteItem[];
  repeated: number;
}

export async function collect(gen: AsyncIterable<ImportItem>): Promise<Collected> {
  const c: Collected = { events: [], attributes: [], rejects: [], skips: [], notes: [], repeated: 0 };
  for await (const it of gen) {
    if (it.kind === 'event') {
      c.events.push(it.event);
      c.attributes.push(...it.event.attributes, ...it.event.objects.flatMap((o) => o.attributes));
      c.repeated += it.repeated ?? 0;
    } else if (it.kind === 'count') c.repeated += it.repeated;
    else if (it.kind === 'reject') c.rejects.push(it);
    else if (it.kind === 'skip') c.skips.push(it);
    else c.notes.push(it);
  }
  return c;
}

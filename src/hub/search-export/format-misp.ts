/**
 * A search's hits as one MISP event (the JSON `events/add` and MISP's "Import from… MISP JSON" take):
 * one attribute per value, its non-TLP tags and its strictest TLP; the event carries the strictest TLP of all.
 */
import { v5 as uuidv5 } from 'uuid';
import { defaultCategory } from '../../core/model/misp-types.ts';
import { stricterTlp, type Tlp } from '../../core/sharing/tlp.ts';
import { RENKEI_STIX_NAMESPACE } from '../../stix/ids.ts';
import type { ValueSummary } from './value-summary.ts';

export interface ExportedSearch {
  id: string;
  createdAt: number;
  org: string;
}

/** A stable uuid for something derived from a search (the same export twice gives the same ids). */
export function derivedUuid(searchId: string, ...parts: string[]): string {
  return uuidv5([searchId, ...parts].join('\u0000'), RENKEI_STIX_NAMESPACE);
}

const tagList = (names: string[]): { name: string }[] => names.map((name) => ({ name }));

/** The MISP event JSON (`{Event: …}`) for the given rows. */
export function toMispEvent(search: ExportedSearch, rows: ValueSummary[]): { Event: Record<string, unknown> } {
  let eventTlp: Tlp | null = null;
  const attributes = rows.map((s) => {
    eventTlp = stricterTlp(eventTlp, s.tlp);
    return {
      uuid: derivedUuid(search.id, s.row.type, s.row.value),
      type: s.row.type,
      category: s.category ?? defaultCategory(s.row.type),
      value: s.row.value,
      to_ids: s.toIds,
      comment: [`seen by ${s.members.join(', ')}`, ...s.comments].join(' | '),
      ...(s.firstSeen ? { first_seen: s.firstSeen } : {}),
      ...(s.lastSeen ? { last_seen: s.lastSeen } : {}),
      Tag: tagList([...(s.tlp ? [`tlp:${s.tlp}`] : []), ...s.tags]),
    };
  });
  const date = new Date(search.createdAt).toISOString();
  return {
    Event: {
      uuid: derivedUuid(search.id, 'event'),
      info: `Renkei search ${search.id} (${date.slice(0, 10)})`,
      date: date.slice(0, 10),
      timestamp: String(Math.floor(search.createdAt / 1000)),
      threat_level_id: '4',
      analysis: '0',
      distribution: '0',
      published: false,
      Tag: tagList([`tlp:${eventTlp ?? 'amber'}`]),
      Attribute: attributes,
    },
  };
}

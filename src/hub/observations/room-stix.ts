/**
 * A room export as a STIX 2.1 bundle: a `report` for the room (published by the hub's identity, TLP 2.0
 * marking), an `indicator` per indicator with a STIX pattern, and a `note` per timeline post and status
 * line whose `authors` is the posting organisation or "a member". Ids are stable per hub and room.
 */
import type { RoomExport } from '../../core/observations/room-export.ts';
import { roomIndicators } from '../../core/observations/room-export.ts';
import { attributeToStix } from '../../stix/events-to-stix.ts';
import { TLP2_IDS, tlpMarkingObject } from '../../stix/tlp-markings.ts';
import { roomUuid } from './room-misp.ts';

const iso = (ms: number): string => new Date(ms).toISOString();

/** The bundle (deterministic for the same room state). */
export function roomToStixBundle(x: RoomExport, hubName: string, lang: 'ja' | 'en'): { type: 'bundle'; id: string; objects: Record<string, unknown>[] } {
  const id = (type: string, part: string): string => `${type}--${roomUuid(hubName, x.id, `stix|${type}|${part}`)}`;
  const marking = TLP2_IDS[x.tlp];
  const identity = { type: 'identity', spec_version: '2.1', id: id('identity', 'hub'), created: '1970-01-01T00:00:00.000Z', modified: '1970-01-01T00:00:00.000Z', name: hubName, identity_class: 'organization' };
  const common = (at: number) => ({ spec_version: '2.1', created: iso(at), modified: iso(at), created_by_ref: identity.id, object_marking_refs: [marking] });
  const reportId = id('report', 'room');
  const indicators = roomIndicators(x).flatMap((i) => {
    const s = attributeToStix(i.type, i.value);
    if (!s) return [];
    return [{ type: 'indicator', id: id('indicator', `${i.type}|${i.value}`), ...common(i.firstAt), name: i.value, pattern: s.pattern, pattern_type: 'stix', valid_from: iso(i.firstAt), indicator_types: ['malicious-activity'] }];
  });
  const member = lang === 'ja' ? 'ある会員' : 'a member';
  const notes = [
    ...x.timeline.map((p) => ({ type: 'note', id: id('note', `post|${p.id}`), ...common(p.at), content: p.text, authors: [p.org ?? member], object_refs: [reportId], lang })),
    ...x.board.map((l, i) => ({ type: 'note', id: id('note', `status|${i}|${l.at}`), ...common(l.at), abstract: l.status, content: l.note || l.status, authors: [l.org ?? member], object_refs: [reportId], lang })),
  ];
  const report = {
    type: 'report', id: reportId, ...common(x.createdAt), modified: iso(Math.max(x.updatedAt, x.createdAt)), name: x.title, description: x.description || x.title,
    report_types: ['threat-report'], published: iso(x.updatedAt), object_refs: [identity.id, ...indicators.map((i) => i.id)], lang,
    labels: [`severity:${x.severity}`, `state:${x.state}`],
  };
  return { type: 'bundle', id: id('bundle', String(x.updatedAt)), objects: [identity, tlpMarkingObject(x.tlp), report, ...indicators, ...notes] };
}

/**
 * A room export as one MISP event (MISP 2.5 JSON): the room's indicators as attributes, the Markdown
 * report as an event report, and each timeline post and status line as analyst-data notes. The hub is the
 * creating organisation (Orgc): the opener is named in the report only when the room was not anonymous.
 */
import { v5 as uuidv5 } from 'uuid';
import { roomMarkdown } from '../../core/observations/room-markdown.ts';
import { roomIndicators, type RoomExport } from '../../core/observations/room-export.ts';
import type { Tlp } from '../../core/sharing/tlp.ts';
import { RENKEI_STIX_NAMESPACE } from '../../stix/ids.ts';

const THREAT: Record<RoomExport['severity'], string> = { critical: '1', high: '1', medium: '2', low: '3' };
/** 0 = your organisation only, 1 = this community, 3 = all communities. */
const DISTRIBUTION: Record<Tlp, string> = { red: '0', 'amber+strict': '0', amber: '0', green: '1', clear: '3' };
const HASHES = new Set(['md5', 'sha1', 'sha256', 'sha512', 'ssdeep', 'filename|md5', 'filename|sha1', 'filename|sha256']);

/** A stable uuid for a part of an exported room on this hub. */
export function roomUuid(hubName: string, roomId: number, part: string): string {
  return uuidv5(`renkei-room|${hubName}|${roomId}|${part}`, RENKEI_STIX_NAMESPACE);
}

const secs = (ms: number): string => String(Math.floor(ms / 1000));
const iso = (ms: number): string => new Date(ms).toISOString();
/** MISP's analyst-data timestamps: UTC without a zone suffix (PyMISP adds +00:00 itself). */
const mispTime = (ms: number): string => new Date(ms).toISOString().slice(0, 19);

/** The `{ Event: … }` document. */
export function roomToMispEvent(x: RoomExport, hubName: string, lang: 'ja' | 'en'): { Event: Record<string, unknown> } {
  const eventUuid = roomUuid(hubName, x.id, 'event');
  const distribution = DISTRIBUTION[x.tlp];
  const note = (part: string, text: string, org: string | null, at: number) => ({
    uuid: roomUuid(hubName, x.id, part),
    note_type_name: 'Note',
    object_type: 'Event',
    object_uuid: eventUuid,
    authors: org ?? (lang === 'ja' ? 'ある会員' : 'a member'),
    language: lang,
    note: text,
    created: mispTime(at),
    modified: mispTime(at),
    distribution,
  });
  return {
    Event: {
      uuid: eventUuid,
      info: x.title,
      date: iso(x.createdAt).slice(0, 10),
      threat_level_id: THREAT[x.severity],
      analysis: x.state === 'closed' ? '2' : '1',
      distribution,
      published: false,
      timestamp: secs(x.updatedAt),
      Orgc: { name: hubName, uuid: uuidv5(`renkei-hub|${hubName}`, RENKEI_STIX_NAMESPACE) },
      Tag: [{ name: `tlp:${x.tlp}` }, { name: `renkei:room-state="${x.state}"` }],
      Attribute: roomIndicators(x).map((i) => ({
        uuid: roomUuid(hubName, x.id, `attribute|${i.type}|${i.value}`),
        type: i.type,
        category: HASHES.has(i.type) ? 'Payload delivery' : 'Network activity',
        value: i.value,
        to_ids: true,
        comment: '',
        timestamp: secs(i.firstAt),
        distribution: '5',
      })),
      EventReport: [{ uuid: roomUuid(hubName, x.id, 'report'), name: x.title, content: roomMarkdown(x, lang), distribution: '5', timestamp: secs(x.updatedAt) }],
      Note: [
        ...x.timeline.map((p) => note(`post|${p.id}`, p.text, p.org, p.at)),
        ...x.board.map((l, i) => note(`status|${i}|${l.at}`, `${l.status}${l.note ? `: ${l.note}` : ''}`, l.org, l.at)),
      ],
    },
  };
}

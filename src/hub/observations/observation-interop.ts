/**
 * One observation for other tools, built from what the reader may read (its answers as the store shows
 * them to this reader, comments, the released tally): a MISP event (indicators as attributes, "seen" and
 * "false positive" answers as sightings of type 0 and 1, the text and 5W1H as an event report, comments as
 * analyst notes, answers as analyst opinions) and a STIX 2.1 bundle (report, indicators, notes, opinions).
 * Anonymous authors are "a member" for every exporter.
 */
import { v5 as uuidv5 } from 'uuid';
import type { Observation } from '../../core/observations/model.ts';
import { exportOrg } from '../../core/observations/room-export.ts';
import type { Tlp } from '../../core/sharing/tlp.ts';
import type { ObservationComment, ResponsesView } from '../../storage/observations/port.ts';
import { attributeToStix } from '../../stix/events-to-stix.ts';
import { RENKEI_STIX_NAMESPACE } from '../../stix/ids.ts';
import { TLP2_IDS, tlpMarkingObject } from '../../stix/tlp-markings.ts';

const DISTRIBUTION: Record<Tlp, string> = { red: '0', 'amber+strict': '0', amber: '0', green: '1', clear: '3' };
const OPINION_MISP: Record<string, string> = { seen: '75', acted: '100', 'not-seen': '50', 'false-positive': '0' };
const OPINION_STIX: Record<string, string> = { seen: 'agree', acted: 'strongly-agree', 'not-seen': 'neutral', 'false-positive': 'strongly-disagree' };
const iso = (ms: number): string => new Date(ms).toISOString();
const mispTime = (ms: number): string => iso(ms).slice(0, 19);
const secs = (ms: number): string => String(Math.floor(ms / 1000));

export interface ObservationExportInput {
  observation: Observation;
  responses: ResponsesView;
  comments: ObservationComment[];
}

const uuidOf = (hub: string, id: number, part: string): string => uuidv5(`renkei-observation|${hub}|${id}|${part}`, RENKEI_STIX_NAMESPACE);

/** The report text: body, the sender's 5W1H and the tally once released. */
function reportText(x: ObservationExportInput, member: string): string {
  const o = x.observation;
  const w = o.fiveW1H;
  const lines = [`# ${o.title}`, '', o.body, '', '## 5W1H', `- Why: ${w.purpose}`, `- When: ${w.observedFrom === null ? '?' : iso(w.observedFrom)} – ${w.observedTo === null ? '?' : iso(w.observedTo)} (${w.timeZone})`,
    `- What: ${o.category}; ports ${w.ports.join(', ') || '—'}; signatures ${w.signatureIds.join(', ') || '—'}`, `- Where: ${[w.sector, w.region, w.networkScope].filter(Boolean).join(' / ') || '—'}`,
    `- Who: ${exportOrg(o.author) ?? member}`, `- How: detected by ${w.detection || '—'}; use: ${w.use}`, `- Favours: ${o.favours.join(' + ')}; confidence ${o.confidence}`];
  const r = x.responses;
  if (r.released && r.counts) lines.push('', '## Answers', `${r.respondents} responding members: ${Object.entries(r.counts).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  return `${lines.join('\n')}\n`;
}

/** The `{ Event: … }` document. */
export function observationToMispEvent(x: ObservationExportInput, hubName: string, lang: 'ja' | 'en'): { Event: Record<string, unknown> } {
  const o = x.observation;
  const member = lang === 'ja' ? 'ある会員' : 'a member';
  const eventUuid = uuidOf(hubName, o.id, 'event');
  const distribution = DISTRIBUTION[o.tlp];
  const sightings = x.responses.responses.filter((r) => r.kind === 'seen' || r.kind === 'false-positive');
  const analyst = (kind: 'Note' | 'Opinion', part: string, at: number, org: string | null, extra: Record<string, unknown>) => ({
    uuid: uuidOf(hubName, o.id, part), note_type_name: kind, object_type: 'Event', object_uuid: eventUuid, authors: org ?? member,
    created: mispTime(at), modified: mispTime(at), distribution, ...extra,
  });
  return {
    Event: {
      uuid: eventUuid, info: o.title, date: iso(o.createdAt).slice(0, 10), threat_level_id: '3', analysis: '1', distribution, published: false, timestamp: secs(o.updatedAt),
      Orgc: { name: hubName, uuid: uuidv5(`renkei-hub|${hubName}`, RENKEI_STIX_NAMESPACE) },
      Tag: [{ name: `tlp:${o.tlp}` }, { name: `renkei:category="${o.category}"` }],
      Attribute: o.indicators.map((i) => ({
        uuid: uuidOf(hubName, o.id, `attribute|${i.type}|${i.value}`), type: i.type, category: /^(md5|sha1|sha256|sha512)$/.test(i.type) ? 'Payload delivery' : 'Network activity',
        value: i.value, to_ids: o.fiveW1H.use === 'block', comment: '', timestamp: secs(o.createdAt), distribution: '5',
        // MISP sighting types: 0 = seen, 1 = false positive.
        Sighting: sightings.map((r) => ({ type: r.kind === 'seen' ? '0' : '1', date_sighting: secs(r.seenAt ?? r.at), source: exportOrg(r.author) ?? member })),
      })),
      EventReport: [{ uuid: uuidOf(hubName, o.id, 'report'), name: o.title, content: reportText(x, member), distribution: '5', timestamp: secs(o.updatedAt) }],
      Note: x.comments.map((c) => analyst('Note', `comment|${c.id}`, c.at, exportOrg(c.author), { note: c.text, language: lang })),
      Opinion: x.responses.responses.map((r, i) => analyst('Opinion', `response|${i}|${r.at}`, r.at, exportOrg(r.author), { opinion: OPINION_MISP[r.kind], comment: `${r.kind}${r.note ? `: ${r.note}` : ''}` })),
    },
  };
}

/** The STIX 2.1 bundle. */
export function observationToStixBundle(x: ObservationExportInput, hubName: string, lang: 'ja' | 'en'): { type: 'bundle'; id: string; objects: Record<string, unknown>[] } {
  const o = x.observation;
  const member = lang === 'ja' ? 'ある会員' : 'a member';
  const id = (type: string, part: string): string => `${type}--${uuidOf(hubName, o.id, `stix|${type}|${part}`)}`;
  const identity = { type: 'identity', spec_version: '2.1', id: id('identity', 'hub'), created: '1970-01-01T00:00:00.000Z', modified: '1970-01-01T00:00:00.000Z', name: hubName, identity_class: 'organization' };
  const common = (at: number) => ({ spec_version: '2.1', created: iso(at), modified: iso(at), created_by_ref: identity.id, object_marking_refs: [TLP2_IDS[o.tlp]] });
  const reportId = id('report', 'observation');
  const indicators = o.indicators.flatMap((i) => {
    const s = attributeToStix(i.type, i.value);
    return s ? [{ type: 'indicator', id: id('indicator', `${i.type}|${i.value}`), ...common(o.createdAt), name: i.value, pattern: s.pattern, pattern_type: 'stix', valid_from: iso(o.createdAt) }] : [];
  });
  const report = { type: 'report', id: reportId, ...common(o.createdAt), modified: iso(o.updatedAt), name: o.title, description: reportText(x, member), report_types: ['threat-report'], published: iso(o.createdAt), object_refs: [identity.id, ...indicators.map((i) => i.id)], lang: o.language, labels: [`category:${o.category}`] };
  const notes = x.comments.map((c) => ({ type: 'note', id: id('note', `comment|${c.id}`), ...common(c.at), content: c.text, authors: [exportOrg(c.author) ?? member], object_refs: [reportId] }));
  const opinions = x.responses.responses.map((r, i) => ({ type: 'opinion', id: id('opinion', `response|${i}|${r.at}`), ...common(r.at), opinion: OPINION_STIX[r.kind], explanation: `${r.kind}${r.note ? `: ${r.note}` : ''}`, authors: [exportOrg(r.author) ?? member], object_refs: [reportId] }));
  return { type: 'bundle', id: id('bundle', String(o.updatedAt)), objects: [identity, tlpMarkingObject(o.tlp), report, ...indicators, ...notes, ...opinions] };
}

/**
 * Stored events → STIX 2.1 objects: an identity for each creating organisation, TLP 2.0 marking
 * definitions, an indicator (with a pattern) per `to_ids` attribute, SCOs with deterministic ids for
 * every mappable value, and a report per event that references them. Output is deterministic.
 */
import type { FullEvent, StoredAttribute } from '../storage/port.ts';
import { stricterTlp, tlpOf, type Tlp } from '../core/sharing/tlp.ts';
import { scoId, stixId } from './ids.ts';
import { TLP2_IDS, tlpMarkingObject } from './tlp-markings.ts';

export interface EventsToStixOptions {
  /** Publish everything under this identity instead of each event's creating organisation. */
  identity?: { name: string; uuid: string };
}

type StixObject = Record<string, unknown> & { type: string; id: string };

const HASH_NAMES: Record<string, string> = { md5: 'MD5', sha1: 'SHA-1', sha256: 'SHA-256', sha512: 'SHA-512' };
const IDENTITY_TIME = '1970-01-01T00:00:00.000Z';
const RANK: Record<Tlp, number> = { clear: 0, green: 1, amber: 2, 'amber+strict': 3, red: 4 };

const iso = (epochSeconds: number): string => new Date(epochSeconds * 1000).toISOString();
const q = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const hashPath = (h: string): string => (h.includes('-') ? `file:hashes.'${h}'` : `file:hashes.${h}`);

function toIso(s: string | null): string | null {
  if (!s) return null;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

function ipSco(ip: string): { type: string; value: string } {
  return { type: ip.includes(':') ? 'ipv6-addr' : 'ipv4-addr', value: ip };
}

/** SCO property sets and a STIX pattern for one MISP attribute, or null when it has no STIX form. */
export function attributeToStix(type: string, value: string): { scos: Record<string, unknown>[]; pattern: string } | null {
  const [a = '', b = ''] = value.split('|');
  switch (type) {
    case 'ip-src':
    case 'ip-dst': {
      const s = ipSco(value);
      return { scos: [s], pattern: `[${s.type}:value = ${q(value)}]` };
    }
    case 'domain':
    case 'hostname':
      return { scos: [{ type: 'domain-name', value }], pattern: `[domain-name:value = ${q(value)}]` };
    case 'url':
      return { scos: [{ type: 'url', value }], pattern: `[url:value = ${q(value)}]` };
    case 'email':
    case 'email-src':
    case 'email-dst':
      return { scos: [{ type: 'email-addr', value }], pattern: `[email-addr:value = ${q(value)}]` };
    case 'AS': {
      const n = Number(value.replace(/^AS/i, ''));
      if (!Number.isInteger(n)) return null;
      return { scos: [{ type: 'autonomous-system', number: n }], pattern: `[autonomous-system:number = ${n}]` };
    }
    case 'filename':
      return { scos: [{ type: 'file', name: value }], pattern: `[file:name = ${q(value)}]` };
    case 'ip-src|port':
    case 'ip-dst|port': {
      const s = ipSco(a);
      if (!/^\d+$/.test(b)) return null;
      return {
        scos: [s],
        pattern: `[network-traffic:dst_ref.type = '${s.type}' AND network-traffic:dst_ref.value = ${q(a)} AND network-traffic:dst_port = ${b}]`,
      };
    }
    case 'domain|ip':
      return {
        scos: [{ type: 'domain-name', value: a }, ipSco(b)],
        pattern: `[domain-name:value = ${q(a)} AND domain-name:resolves_to_refs[*].value = ${q(b)}]`,
      };
  }
  const h = HASH_NAMES[type];
  if (h) return { scos: [{ type: 'file', hashes: { [h]: value } }], pattern: `[${hashPath(h)} = ${q(value)}]` };
  const fh = type.startsWith('filename|') ? HASH_NAMES[type.slice(9)] : undefined;
  if (fh) {
    return { scos: [{ type: 'file', name: a, hashes: { [fh]: b } }], pattern: `[file:name = ${q(a)} AND ${hashPath(fh)} = ${q(b)}]` };
  }
  return null;
}

/** Converts events (as the store returns them) into a deterministic list of STIX objects. */
export function eventsToStix(full: readonly FullEvent[], opts: EventsToStixOptions = {}): StixObject[] {
  const identities = new Map<string, StixObject>();
  const scos = new Map<string, { obj: StixObject; tlp: Tlp | null }>();
  const used = new Set<Tlp>();
  const sdos: StixObject[] = [];
  const markingRefs = (tlp: Tlp | null): Record<string, unknown> => {
    if (!tlp) return {};
    used.add(tlp);
    return { object_marking_refs: [TLP2_IDS[tlp]] };
  };
  for (const fe of full) {
    const org = opts.identity ?? { name: fe.orgc.name, uuid: fe.orgc.uuid };
    const identityId = stixId('identity', org.uuid);
    if (!identities.has(identityId)) {
      identities.set(identityId, {
        type: 'identity', spec_version: '2.1', id: identityId, created: IDENTITY_TIME, modified: IDENTITY_TIME,
        name: org.name, identity_class: 'organization',
      });
    }
    const eventTlp = fe.event.tlp ?? tlpOf(fe.event.tags);
    const refs: string[] = [];
    const links: { source_name: string; url: string }[] = [];
    for (const attr of fe.attributes as StoredAttribute[]) {
      if (attr.deleted) continue;
      if (attr.type === 'link') {
        links.push({ source_name: 'link', url: attr.value });
        continue;
      }
      const m = attributeToStix(attr.type, attr.value);
      if (!m) continue;
      const tlp = stricterTlp(eventTlp, tlpOf(attr.tags));
      for (const props of m.scos) {
        const id = scoId(String(props.type), props);
        const prev = scos.get(id);
        if (!prev) scos.set(id, { obj: { ...props, type: String(props.type), spec_version: '2.1', id }, tlp });
        else if (tlp && (!prev.tlp || RANK[tlp] > RANK[prev.tlp])) prev.tlp = tlp;
        refs.push(id);
      }
      if (!attr.toIds) continue;
      const ts = iso(attr.timestamp);
      const validFrom = toIso(attr.firstSeen) ?? ts;
      const validUntil = toIso(attr.lastSeen);
      const ind: StixObject = {
        type: 'indicator', spec_version: '2.1', id: stixId('indicator', attr.uuid), created_by_ref: identityId,
        created: ts, modified: ts, name: `${attr.type}: ${attr.value}`.slice(0, 250),
        ...(attr.comment ? { description: attr.comment } : {}),
        indicator_types: ['malicious-activity'], pattern: m.pattern, pattern_type: 'stix', pattern_version: '2.1',
        valid_from: validFrom, ...(validUntil && validUntil > validFrom ? { valid_until: validUntil } : {}),
        labels: [attr.category], ...markingRefs(tlp),
      };
      sdos.push(ind);
      refs.push(ind.id);
    }
    if (refs.length === 0) continue;
    // Local tags never leave the node: STIX is always an export.
    const labels = fe.event.tags.filter((t) => !t.local).map((t) => t.name).filter((n) => !/^tlp:/i.test(n));
    const ets = iso(fe.event.timestamp);
    sdos.push({
      type: 'report', spec_version: '2.1', id: stixId('report', fe.event.uuid), created_by_ref: identityId,
      created: ets, modified: ets, name: fe.event.info || fe.event.uuid,
      published: iso(fe.event.publishTimestamp || fe.event.timestamp), report_types: ['threat-report'],
      object_refs: [...new Set(refs)], ...(labels.length ? { labels } : {}),
      ...(links.length ? { external_references: links } : {}), ...markingRefs(eventTlp),
    });
  }
  const scoList = [...scos.values()].map(({ obj, tlp }) => ({ ...obj, ...markingRefs(tlp) }));
  const marks = [...used].sort((a, b) => RANK[a] - RANK[b]).map((t) => tlpMarkingObject(t) as StixObject);
  return [...marks, ...identities.values(), ...scoList, ...sdos];
}

/** Wraps objects in a bundle with a given id (deterministic when the caller derives it). */
export function stixBundle(objects: readonly Record<string, unknown>[], bundleUuid: string): Record<string, unknown> {
  return { type: 'bundle', id: `bundle--${bundleUuid}`, objects };
}

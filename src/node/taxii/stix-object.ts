/**
 * What the TAXII store needs to know about one STIX object: id, type, version (`modified`, else `created`,
 * else none for SCOs), spec version, media type and the TLP its markings impose. STIX 2.1 objects are
 * validated with `validateStix` (OASIS schemas when configured); 2.0 objects (no spec_version on an SDO)
 * get the structural checks TAXII itself needs.
 */
import { parsePattern } from '../../stix/pattern.ts';
import { tlpFromTag, stricterTlp, type Tlp } from '../../core/sharing/tlp.ts';
import { validateStix } from '../../stix/validate.ts';
import { tlpTagForMarking } from '../../stix/tlp-markings.ts';
import { versionKey } from './timestamps.ts';

export const SCO_TYPES = new Set([
  'artifact', 'autonomous-system', 'directory', 'domain-name', 'email-addr', 'email-message', 'file', 'ipv4-addr', 'ipv6-addr',
  'mac-addr', 'mutex', 'network-traffic', 'process', 'software', 'url', 'user-account', 'windows-registry-key', 'x509-certificate',
]);

const ID_RE = /^([a-z][a-z0-9-]*)--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export interface DescribedObject {
  object: Record<string, unknown>;
  stixId: string;
  type: string;
  version: string;
  versionKey: string;
  specVersion: string;
  mediaType: string;
  /** Strictest TLP named by `object_marking_refs` (TLP 1.0/2.0 ids, or markings in the same post). */
  tlp: Tlp | null;
}

export type Described = { ok: true; value: DescribedObject } | { ok: false; id: string; version?: string; message: string };

/** Spec version of an object: explicit, else 2.1 for SCOs (optional there), else 2.0. */
export function specVersionOf(o: Record<string, unknown>): string {
  if (typeof o.spec_version === 'string') return o.spec_version;
  return typeof o.type === 'string' && SCO_TYPES.has(o.type) ? '2.1' : '2.0';
}

/** The version string TAXII reports for an object ('' when it has no timestamps, as SCOs). */
export function versionOf(o: Record<string, unknown>): string {
  if (typeof o.modified === 'string') return o.modified;
  if (typeof o.created === 'string') return o.created;
  return '';
}

/** Checks and describes the objects of one envelope, in order. */
export function describeObjects(objects: readonly unknown[], schemasDir: string | undefined): Described[] {
  const v21: { o: Record<string, unknown>; index: number }[] = [];
  const out: Described[] = objects.map((raw, index) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, id: '', message: 'not a JSON object' };
    const o = raw as Record<string, unknown>;
    const id = typeof o.id === 'string' ? o.id : '';
    const version = versionOf(o);
    const fail = (message: string): Described => ({ ok: false, id, ...(version ? { version } : {}), message });
    if (typeof o.type !== 'string') return fail('missing type');
    const m = ID_RE.exec(id);
    if (!m || m[1] !== o.type) return fail('id must be "<type>--<uuid>" with the object\'s type');
    const spec = specVersionOf(o);
    if (spec !== '2.0' && spec !== '2.1') return fail(`spec_version ${JSON.stringify(o.spec_version)} is not supported`);
    const key = version === '' ? '' : versionKey(version);
    if (key === null) return fail(`version timestamp ${JSON.stringify(version)} is not a STIX timestamp`);
    if (spec === '2.0' && !SCO_TYPES.has(o.type) && (typeof o.created !== 'string' || typeof o.modified !== 'string')) return fail('STIX 2.0 objects need created and modified');
    // An indicator whose STIX pattern does not parse can never match anything: report it, do not store it.
    if (o.type === 'indicator' && (o.pattern_type === undefined || o.pattern_type === 'stix') && typeof o.pattern === 'string') {
      try {
        parsePattern(o.pattern);
      } catch (e) {
        return fail(`indicator pattern does not parse: ${(e as Error).message}`);
      }
    }
    if (spec === '2.1') v21.push({ o, index });
    return {
      ok: true,
      value: { object: o, stixId: id, type: o.type, version, versionKey: key, specVersion: spec, mediaType: `application/stix+json;version=${spec}`, tlp: null },
    };
  });
  const validation = validateStix(v21.map((x) => x.o), schemasDir);
  const problems = new Map<number, string[]>();
  for (const e of validation.errors) {
    const index = v21[e.index]!.index;
    problems.set(index, [...(problems.get(index) ?? []), e.message]);
  }
  const markings = new Map<string, Record<string, unknown>>();
  for (const d of out) if (d.ok && d.value.type === 'marking-definition') markings.set(d.value.stixId, d.value.object);
  return out.map((d, index) => {
    if (!d.ok) return d;
    const p = problems.get(index);
    if (p) return { ok: false, id: d.value.stixId, ...(d.value.version ? { version: d.value.version } : {}), message: `invalid STIX: ${p.slice(0, 5).join('; ')}` };
    return { ok: true, value: { ...d.value, tlp: markingTlp(d.value.object, markings) } };
  });
}

/** Strictest TLP among an object's marking refs. */
export function markingTlp(o: Record<string, unknown>, markings?: Map<string, Record<string, unknown>>): Tlp | null {
  const refs = Array.isArray(o.object_marking_refs) ? o.object_marking_refs : [];
  let tlp: Tlp | null = null;
  for (const r of refs) {
    if (typeof r !== 'string') continue;
    const tag = tlpTagForMarking(r, markings);
    if (tag) tlp = stricterTlp(tlp, tlpFromTag(tag));
  }
  return tlp;
}

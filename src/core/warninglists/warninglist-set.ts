/**
 * A set of loaded warninglists answering "which lists flag this value?". Types are compared by family
 * (ip-src ≈ ip-dst, domain ≈ hostname) because search inputs get their type from detection, not a user.
 */
import type { Warninglist } from './warninglist.ts';

const FAMILY: Record<string, string> = {
  'ip-src': 'ip-dst',
  'ip-src|port': 'ip-dst|port',
  hostname: 'domain',
  'hostname|port': 'domain|port',
  'email-dst': 'email-src',
  email: 'email-src',
};
const fam = (t: string): string => FAMILY[t] ?? t;

export class WarninglistSet {
  private readonly byFamily = new Map<string, Warninglist[]>();
  private readonly forAll: Warninglist[] = [];

  constructor(readonly lists: readonly Warninglist[]) {
    for (const l of lists) {
      if (l.matchingAttributes.length === 0) {
        this.forAll.push(l);
        continue;
      }
      for (const t of new Set(l.matchingAttributes.map(fam))) {
        const arr = this.byFamily.get(t);
        if (arr) arr.push(l);
        else this.byFamily.set(t, [l]);
      }
    }
  }

  get size(): number {
    return this.lists.length;
  }

  /** Names of the lists that flag `value` of attribute type `type` (composites checked part by part). */
  check(type: string, value: string): string[] {
    const lists = [...(this.byFamily.get(fam(type)) ?? []), ...this.forAll];
    if (!lists.length) return [];
    const parts = type === 'malware-sample' || type.includes('|') ? splitOnce(value) : [value];
    const out: string[] = [];
    for (const l of lists) if (parts.some((p) => l.matches(p)) && !out.includes(l.name)) out.push(l.name);
    return out;
  }
}

function splitOnce(v: string): string[] {
  const i = v.indexOf('|');
  return i < 0 ? [v] : [v.slice(0, i), v.slice(i + 1)];
}

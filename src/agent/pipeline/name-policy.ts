/**
 * What a rule name or category may say when it leaves the member. Names of public rule sets pass: ET
 * Open/Pro and Suricata's own rules (sid 2,000,000–2,999,999) and Snort/Talos GPL and generator rules
 * (sid 1–999,999). Any other name (local rules, vendor or in-house sets) may name the member's own hosts
 * and paths: it is replaced by a keyed hash unless the operator allow-lists it. Host-name-, URL-, path-,
 * e-mail- and address-looking tokens are cut from every shared string, public or not.
 */
import { createHmac } from 'node:crypto';

/** Operator allow-list: rule ids (or ranges) and exact names whose text may be shared (still stripped). */
export interface NameAllowList {
  sids: ReadonlyArray<readonly [number, number]>;
  names: ReadonlySet<string>;
}

/** Nothing allow-listed. */
export const NO_ALLOW: NameAllowList = { sids: [], names: new Set() };

/** True for rules of public rule sets (whose names are the same text at every member). */
export function isPublicRule(sid: number | null): boolean {
  if (sid === null) return false;
  return (sid >= 1 && sid < 1_000_000) || (sid >= 2_000_000 && sid < 3_000_000);
}

// Standard classtypes (Suricata/Snort classification.config): a private rule using one says nothing private.
const STANDARD_CATEGORIES = new Set(
  [
    'Not Suspicious Traffic', 'Unknown Traffic', 'Potentially Bad Traffic', 'Attempted Information Leak', 'Information Leak',
    'Large Scale Information Leak', 'Attempted Denial of Service', 'Denial of Service', 'Attempted User Privilege Gain',
    'Unsuccessful User Privilege Gain', 'Successful User Privilege Gain', 'Attempted Administrator Privilege Gain',
    'Successful Administrator Privilege Gain', 'Decode of an RPC Query', 'Executable code was detected', 'A suspicious string was detected',
    'A suspicious filename was detected', 'An attempted login using a suspicious username was detected', 'A system call was detected',
    'A TCP connection was detected', 'A Network Trojan was detected', 'A client was using an unusual port', 'Detection of a Network Scan',
    'Detection of a Denial of Service Attack', 'Detection of a non-standard protocol or event', 'Generic Protocol Command Decode',
    'access to a potentially vulnerable web application', 'Web Application Attack', 'Misc activity', 'Misc Attack', 'Generic ICMP event',
    'Inappropriate Content was Detected', 'Potential Corporate Privacy Violation', 'Attempt to login by a default username and password',
    'Targeted Malicious Activity was Detected', 'Exploit Kit Activity Detected', 'Device Retrieving External IP Address Detected',
    'Domain Observed Used for C2 Detected', 'Possibly Unwanted Program Detected', 'Successful Credential Theft Detected',
    'Possible Social Engineering Attempted', 'Crypto Currency Mining Activity Detected', 'Malware Command and Control Activity Detected',
    'Unknown Classtype', 'anomaly', 'firewall blocked', 'firewall allowed', 'firewall logged',
  ].map((c) => c.toLowerCase()),
);

const URL_TOKEN = /\b[a-z][a-z0-9+.-]*:\/\/\S*/gi;
const PATH_TOKEN = /(?<![\w/.-])\/[^\s"'<>()[\]]*/g;
const EMAIL_TOKEN = /[\w.%+-]+@[\w-]+(?:\.[\w-]+)*/g;
// Labels then a letters-only last label not followed by a name character ("ipv4.trunc_pkt" is not a host),
// with any port and path that follow it.
const HOST_TOKEN = /\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z](?![\w-])\.?(?::\d{1,5})?(?:\/[^\s"'<>()[\]]*)?/gi;
const IP_TOKEN = /\b(?:\d{1,3}\.){3}\d{1,3}\b|\b[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}\b/gi;

/** Cuts host names, URLs, paths, e-mail addresses and IP addresses out of a shared string. */
export function stripNames(text: string): string {
  return text
    .replace(URL_TOKEN, '[url]')
    .replace(EMAIL_TOKEN, '[email]')
    .replace(PATH_TOKEN, (m) => (m.length > 1 ? '[path]' : m))
    .replace(IP_TOKEN, '[addr]')
    .replace(HOST_TOKEN, '[host]')
    .slice(0, 512);
}

/** Decides the shared text of rule names and categories for one member (keyed by a member-only secret). */
export class NamePolicy {
  readonly #key: Buffer;
  readonly #allow: NameAllowList;

  constructor(memberKey: Uint8Array, allow: NameAllowList = NO_ALLOW) {
    // A key of its own, derived from the member's secret: hashes of names do not reveal other hashes.
    this.#key = createHmac('sha256', memberKey).update('renkei rule names v1').digest();
    this.#allow = allow;
  }

  /** True when the operator allow-listed this rule id. */
  #allowedSid(sid: number | null): boolean {
    if (sid === null) return false;
    for (const [lo, hi] of this.#allow.sids) if (sid >= lo && sid <= hi) return true;
    return false;
  }

  /** A keyed hash standing for a name nobody outside the member can read (stable per member). */
  hashed(prefix: 'rule' | 'category', text: string): string {
    return `${prefix} ${createHmac('sha256', this.#key).update(text).digest('hex').slice(0, 16)}`;
  }

  /**
   * The shared rule name. `generated` marks names the parser built from fixed vocabularies (anomaly types,
   * "icmp type 8"), which carry no rule-writer text.
   */
  signature(raw: string | null, sid: number | null, generated: boolean): string | null {
    if (raw === null) return null;
    if (generated || isPublicRule(sid) || this.#allowedSid(sid) || this.#allow.names.has(raw)) return stripNames(raw);
    return this.hashed('rule', raw);
  }

  /** The shared category: public rules' and standard classtypes pass; others are hashed unless allow-listed. */
  category(raw: string | null, sid: number | null, generated: boolean): string | null {
    if (raw === null) return null;
    if (generated || isPublicRule(sid) || this.#allowedSid(sid) || this.#allow.names.has(raw) || STANDARD_CATEGORIES.has(raw.toLowerCase())) return stripNames(raw);
    return this.hashed('category', raw);
  }
}

/** Parses an allow-list file: one rule id, id range (`1000000-1000999`) or exact name per line; `#` comments. */
export function parseAllowList(text: string): NameAllowList {
  const sids: Array<[number, number]> = [];
  const names = new Set<string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^\uFEFF/, '').trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(\d{1,10})(?:\s*-\s*(\d{1,10}))?$/.exec(line);
    if (m) sids.push([Number(m[1]), Number(m[2] ?? m[1])]);
    else names.add(line);
  }
  return { sids, names };
}

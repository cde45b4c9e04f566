/**
 * MISP's `suricata` and `snort` restSearch formats (`NidsExport`, `NidsSuricataExport`): one or more IDS
 * rules per network attribute, numbered from a fixed sid base by attribute id (10 sids per attribute, so
 * a rule keeps its sid across exports). Types without a network rule are skipped, as MISP skips them.
 */
import { splitComposite } from '../../core/matching/index-entries.ts';
import type { StoredAttribute, StoredEvent } from '../../storage/port.ts';

export type NidsFormat = 'suricata' | 'snort';

/** MISP's default `nids_sid` (a user setting there; one base for the whole node here). */
export const NIDS_SID_BASE = 4_000_000;

interface Rule {
  proto: string;
  src: string;
  sport: string;
  dst: string;
  dport: string;
  msg: string;
  content?: string;
  tag?: string;
}

/** Characters a rule's content string may not hold, as hex bytes (`|` first, the others then contain it). */
function escapeContent(v: string): string {
  return v.replace(/\|/g, '|7c|').replace(/"/g, '|22|').replace(/;/g, '|3b|').replace(/:/g, '|3a|').replace(/\\/g, '|5c|').replace(/0x/g, '|30 78|');
}

/** A string safe inside `msg:"…"`. */
const msgText = (v: string) => v.replace(/[\r\n]+/g, ' ').replace(/(["\\;])/g, '\\$1');

/** PCRE-quoted literal for a rule's pcre option. */
const pcreQuote = (v: string) => v.replace(/[.\\+*?[^\]$(){}=!<>|:\-#/]/g, '\\$&');

/** `example.com` → `|07|example|03|com|00|` (DNS wire labels; hostnames start with a `|01|` count byte as MISP writes them). */
function dnsWire(name: string, hostname: boolean): string {
  const labels = name.split('.').map((l) => `|${l.length.toString(16).padStart(2, '0')}|${l}`);
  return `${hostname ? '|01|' : ''}${labels.join('')}|00|`;
}

const SESSION = 'tag:session,600,seconds;';

function ipRules(type: string, value: string): Rule[] {
  const [ip, port] = type.endsWith('|port') ? (splitComposite(type, value) ?? [value, 'any']) : [value, 'any'];
  if (type.startsWith('ip-src')) return [{ proto: 'ip', src: ip, sport: port, dst: '$HOME_NET', dport: 'any', msg: `Incoming From IP: ${value}` }];
  return [{ proto: 'ip', src: '$HOME_NET', sport: 'any', dst: ip, dport: port, msg: `Outgoing To IP: ${value}` }];
}

function nameRules(format: NidsFormat, kind: 'Domain' | 'Hostname', name: string): Rule[] {
  const v = escapeContent(name);
  const boundary = kind === 'Domain' ? '[^A-Za-z0-9-]' : '[^A-Za-z0-9-\\.]';
  if (format === 'suricata') {
    return [
      { proto: 'dns', src: 'any', sport: 'any', dst: 'any', dport: 'any', msg: `${kind} ${name}`, content: `dns.query; content:"${v}"; nocase; pcre: "/(^|${boundary})${pcreQuote(name)}$/i";` },
      {
        proto: 'http', src: '$HOME_NET', sport: 'any', dst: '$EXTERNAL_NET', dport: 'any', msg: `Outgoing HTTP ${kind} ${name}`, tag: SESSION,
        content: `flow:to_server,established; http.header; content:"Host|3a| "; nocase; http.header; content:"${v}"; fast_pattern; nocase; pcre: "/(^|${boundary})${pcreQuote(name)}[^A-Za-z0-9-\\.]/Hi";`,
      },
    ];
  }
  const dns = `content:"|01 00 00 01 00 00 00 00 00 01|"; depth:10; offset:2; content:"${dnsWire(v, kind === 'Hostname')}"; fast_pattern; nocase;`;
  return [
    { proto: 'udp', src: 'any', sport: 'any', dst: 'any', dport: '53', msg: `${kind}: ${name}`, content: dns },
    { proto: 'tcp', src: 'any', sport: 'any', dst: 'any', dport: '53', msg: `${kind}: ${name}`, content: `${dns} flow:established;` },
    {
      proto: 'tcp', src: '$HOME_NET', sport: 'any', dst: '$EXTERNAL_NET', dport: '$HTTP_PORTS', msg: `Outgoing HTTP ${kind}: ${name}`, tag: SESSION,
      content: `flow:to_server,established; content:"Host|3a|"; nocase; http_header; content:"${v}"; fast_pattern; nocase; http_header; pcre: "/(^|${boundary})${pcreQuote(name)}[^A-Za-z0-9-\\.]/H";`,
    },
  ];
}

function urlRules(format: NidsFormat, url: string): Rule[] {
  if (format === 'suricata') {
    const m = /^https?:\/\/([^/:?#]+)(?::\d+)?([^#]*)$/i.exec(url);
    if (m) {
      const host = escapeContent(m[1]!);
      const path = escapeContent(m[2] || '/');
      return [{
        proto: 'http', src: '$HOME_NET', sport: 'any', dst: '$EXTERNAL_NET', dport: 'any', msg: `Outgoing URL ${url}`, tag: SESSION,
        content: `flow:to_server,established; http.header; content:"${host}"; fast_pattern; nocase; http.uri; content:"${path}"; nocase;`,
      }];
    }
    return [{ proto: 'http', src: '$HOME_NET', sport: 'any', dst: '$EXTERNAL_NET', dport: 'any', msg: `Outgoing URL ${url}`, tag: SESSION, content: `flow:to_server,established; http.uri; content:"${escapeContent(url)}"; fast_pattern; nocase;` }];
  }
  return [{ proto: 'tcp', src: '$HOME_NET', sport: 'any', dst: '$EXTERNAL_NET', dport: '$HTTP_PORTS', msg: `Outgoing HTTP URL: ${url}`, tag: SESSION, content: `flow:to_server,established; content:"${escapeContent(url)}"; nocase; http_uri;` }];
}

function emailRule(header: 'MAIL FROM' | 'RCPT TO', value: string): Rule {
  return {
    proto: 'tcp', src: '$EXTERNAL_NET', sport: 'any', dst: '$SMTP_SERVERS', dport: '25', msg: `${header === 'MAIL FROM' ? 'Source' : 'Destination'} Email Address: ${value}`, tag: SESSION,
    content: `flow:established,to_server; content:"${header}|3a|"; nocase; content:"${escapeContent(value)}"; fast_pattern; nocase; content:"|0D 0A 0D 0A|"; within:8192;`,
  };
}

/** The rules of one attribute (empty for types with no network rule). */
function rulesFor(format: NidsFormat, a: StoredAttribute): Rule[] {
  switch (a.type) {
    case 'ip-src': case 'ip-dst': case 'ip-src|port': case 'ip-dst|port': return ipRules(a.type, a.value);
    case 'domain': return nameRules(format, 'Domain', a.value);
    case 'hostname': return nameRules(format, 'Hostname', a.value);
    case 'domain|ip': {
      const [d, ip] = splitComposite(a.type, a.value) ?? [a.value, ''];
      return [...nameRules(format, 'Domain', d), ...(ip ? [...ipRules('ip-dst', ip), ...ipRules('ip-src', ip)] : [])];
    }
    case 'url': return urlRules(format, a.value);
    case 'email-src': return [emailRule('MAIL FROM', a.value)];
    case 'email-dst': return [emailRule('RCPT TO', a.value)];
    case 'email': return [emailRule('MAIL FROM', a.value), emailRule('RCPT TO', a.value)];
    case 'user-agent':
      return format === 'suricata'
        ? [{ proto: 'http', src: '$HOME_NET', sport: 'any', dst: '$EXTERNAL_NET', dport: 'any', msg: `Outgoing User-Agent ${a.value}`, tag: SESSION, content: `flow:to_server,established; content:"${escapeContent(a.value)}"; fast_pattern; http_user_agent;` }]
        : [{ proto: 'tcp', src: '$HOME_NET', sport: 'any', dst: '$EXTERNAL_NET', dport: '$HTTP_PORTS', msg: `Outgoing User-Agent: ${a.value}`, tag: SESSION, content: `flow:to_server,established; content:"${escapeContent(a.value)}"; http_header;` }];
    case 'ja3-fingerprint-md5':
      return format === 'suricata' ? [{ proto: 'tls', src: '$HOME_NET', sport: 'any', dst: '$EXTERNAL_NET', dport: 'any', msg: `JA3 Hash: ${a.value}`, content: `ja3.hash; content:"${a.value}"; fast_pattern;` }] : [];
    default: return [];
  }
}

/** A `snort` attribute (a rule someone wrote) with this export's sid, rev, msg and reference. */
function ownRule(value: string, sid: number, msgPrefix: string, reference: string): string | null {
  let r = value.replace(/[\r\n]+/g, ' ').trim();
  if (!/^\w+\s.*\(.*\)\s*$/.test(r)) return null;
  const set = (re: RegExp, text: string) => {
    const had = re.test(r);
    r = r.replace(re, text);
    return had;
  };
  const extra: string[] = [];
  if (!set(/sid\s*:\s*\d+\s*;/g, `sid:${sid};`)) extra.push(`sid:${sid};`);
  if (!set(/rev\s*:\s*\d+\s*;/g, 'rev:1;')) extra.push('rev:1;');
  if (!set(/msg\s*:\s*"((?:[^"\\]|\\.)*)"\s*;/g, `msg: "${msgPrefix} snort-rule | $1";`)) extra.push(`msg: "${msgPrefix} snort-rule";`);
  if (!set(/reference\s*:\s*[^;]+;/g, `${reference};`)) extra.push(`${reference};`);
  return extra.length ? r.replace(/;\s*\)\s*$/, `; ${extra.join(' ')})`) : r;
}

/** The rules text: MISP's header comment, then one line per rule. */
export function nidsRules(format: NidsFormat, rows: readonly { attribute: StoredAttribute; event: StoredEvent }[], baseUrl: string): string {
  const lines = [
    `# MISP export of IDS rules - optimized for ${format}`,
    '#',
    '# These NIDS rules contain some variables that need to exist in your configuration.',
    '# Make sure you have set:',
    '#',
    '# $HOME_NET     - Your internal network range',
    '# $EXTERNAL_NET - The network considered as outside',
    '# $SMTP_SERVERS - All your internal SMTP servers',
    '# $HTTP_PORTS   - The ports used to contain HTTP traffic (not required with suricata export)',
    '# ',
  ];
  for (const { attribute: a, event: e } of rows) {
    const tags = [...a.tags, ...e.tags].map((t) => t.name).join(',');
    const msgPrefix = `MISP e${e.id} [${msgText(tags)}]`;
    const reference = `reference:url,${baseUrl}/events/view/${e.id}`;
    let sid = NIDS_SID_BASE + a.id * 10 + 1;
    if (a.type === 'snort') {
      const own = ownRule(a.value, sid, msgPrefix, reference);
      if (own) lines.push(own);
      continue;
    }
    for (const r of rulesFor(format, a)) {
      const opts = [`msg: "${msgPrefix} ${msgText(r.msg)}";`, r.content, r.tag, 'classtype:trojan-activity;', `sid:${sid++};`, 'rev:1;', `priority:${e.threatLevel};`, `${reference};`];
      lines.push(`alert ${r.proto} ${r.src} ${r.sport} -> ${r.dst} ${r.dport} (${opts.filter(Boolean).join(' ')})`);
    }
  }
  return lines.join('\n') + '\n';
}

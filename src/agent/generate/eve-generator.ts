/**
 * Synthetic Suricata EVE JSON shaped like the real samples (Suricata 6–8 field order and nesting):
 * alerts with flow/http/tls/metadata/payload, flows, dns v2, http, tls, anomaly. Deterministic per seed.
 * Customer side: 198.51.100.0/24 and 2001:db8:c0::/48 with host names under customer.example.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { seededRandom } from '../../core/random/seeded-random.ts';

/** Generator settings. */
export interface EveGenOptions {
  lines: number;
  seed?: number;
  /** First timestamp (ms). */
  start?: number;
  /** Lines per hour of log time. */
  perHour?: number;
  /** Distinct remote sources. */
  sources?: number;
  /** Draw sources from these IPv4 /24 prefixes (`"218.92.0"`) instead of the whole space, so rows per network pass k. */
  sourceNetworks?: string[];
  /** From `from` (ms) on, `share` of the lines carry signature `signatureId` (a surge for statistics to find). */
  surge?: { from: number; signatureId: number; share: number };
}

/** Deterministic PRNG, re-exported for the generator's callers. */
export const rng = seededRandom;

const SIGS: Array<[number, string, string, number, number, string]> = [
  [2001219, 'ET SCAN Potential SSH Scan', 'Attempted Information Leak', 2, 22, 'TCP'],
  [2002911, 'ET SCAN Potential VNC Scan 5900-5920', 'Attempted Information Leak', 2, 5900, 'TCP'],
  [2010935, 'ET SCAN Suspicious inbound to MSSQL port 1433', 'Potentially Bad Traffic', 2, 1433, 'TCP'],
  [2010937, 'ET SCAN Suspicious inbound to mySQL port 3306', 'Potentially Bad Traffic', 2, 3306, 'TCP'],
  [2023753, 'ET SCAN MS Terminal Server Traffic on Non-standard Port', 'Attempted Information Leak', 2, 3389, 'TCP'],
  [2024897, 'ET USER_AGENTS Go HTTP Client User-Agent', 'Misc activity', 3, 80, 'TCP'],
  [2100498, 'GPL ATTACK_RESPONSE id check returned root', 'Potentially Bad Traffic', 2, 80, 'TCP'],
  [2027865, 'ET INFO Observed DNS Query to .cloud TLD', 'Potentially Bad Traffic', 2, 53, 'UDP'],
  [2008578, 'ET SCAN Sipvicious Scan', 'Attempted Information Leak', 2, 5060, 'UDP'],
  [2030092, 'ET EXPLOIT Mirai Telnet Brute Force', 'Attempted Administrator Privilege Gain', 1, 23, 'TCP'],
  [2034125, 'ET EXPLOIT Apache log4j RCE Attempt (CVE-2021-44228)', 'Attempted Administrator Privilege Gain', 1, 443, 'TCP'],
  [2009582, 'ET SCAN NMAP -sS window 1024', 'Attempted Information Leak', 2, 8080, 'TCP'],
  [2402000, 'ET DROP Dshield Block Listed Source', 'Misc Attack', 2, 445, 'TCP'],
  [2200003, 'SURICATA IPv4 truncated packet', 'Generic Protocol Command Decode', 3, 0, 'UDP'],
];
const HOSTS = ['www.customer.example', 'vpn.customer.example', 'mail.customer.example', 'intranet.customer.example'];
const UAS = ['Mozilla/5.0 zgrab/0.x', 'Go-http-client/1.1', 'curl/7.88.1', 'python-requests/2.31.0'];
const FIRST_OCTETS = [1, 2, 5, 14, 23, 27, 31, 36, 37, 39, 42, 43, 45, 46, 49, 58, 59, 60, 61, 62, 77, 78, 79, 80, 81, 82, 83, 85, 89, 91, 93, 94, 95, 101, 103, 106, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 128, 129, 130, 134, 137, 138, 139, 141, 144, 146, 149, 151, 157, 159, 161, 162, 164, 165, 167, 170, 171, 175, 176, 177, 178, 180, 181, 182, 183, 185, 186, 187, 188, 189, 190, 191, 193, 194, 195, 196, 197, 200, 201, 202, 203, 210, 211, 212, 213, 217, 218, 219, 220, 221, 222];

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** Suricata's timestamp form: 2026-11-01T00:00:00.123456+0000. */
export function eveTimestamp(ms: number, micros: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}${pad(micros, 3)}+0000`;
}

/** Yields `opts.lines` EVE JSON lines. */
export function* eveLines(opts: EveGenOptions): Generator<string> {
  const r = rng(opts.seed ?? 1);
  const start = opts.start ?? Date.UTC(2026, 10, 1);
  const step = 3_600_000 / (opts.perHour ?? 100_000);
  const nSrc = opts.sources ?? 20_000;
  const srcs: string[] = [];
  const nets = opts.sourceNetworks;
  for (let i = 0; i < nSrc; i++) {
    if (nets && nets.length > 0) {
      srcs.push(`${nets[Math.floor(r() * nets.length)]!}.${1 + Math.floor(r() * 254)}`);
      continue;
    }
    const a = FIRST_OCTETS[Math.floor(r() * FIRST_OCTETS.length)]!;
    srcs.push(i % 50 === 49 ? `2a0${Math.floor(r() * 9)}:${Math.floor(r() * 65535).toString(16)}::${Math.floor(r() * 65535).toString(16)}` : `${a}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${1 + Math.floor(r() * 254)}`);
  }
  const surgeSig = opts.surge ? SIGS.find((x) => x[0] === opts.surge!.signatureId) ?? null : null;
  let flowId = 1_000_000_000_000_000;
  for (let i = 0; i < opts.lines; i++) {
    const t = start + i * step;
    const ts = eveTimestamp(t, Math.floor(r() * 1000));
    // Zipf-like: a few sources are very busy, most are occasional.
    const src = srcs[Math.floor(nSrc * r() ** 3)]!;
    const v6 = src.includes(':');
    const dst = v6 ? `2001:db8:c0::${(1 + Math.floor(r() * 200)).toString(16)}` : `198.51.100.${1 + Math.floor(r() * 200)}`;
    const sport = 1024 + Math.floor(r() * 60000);
    let sig = SIGS[Math.floor(SIGS.length * r() ** 1.5)]!;
    if (surgeSig && t >= opts.surge!.from && r() < opts.surge!.share) sig = surgeSig;
    const dport = sig[4] || 53;
    const proto = sig[5];
    flowId += 1 + Math.floor(r() * 1000);
    const host = HOSTS[Math.floor(r() * HOSTS.length)]!;
    const common = `"flow_id":${flowId},"in_iface":"ens192","src_ip":"${src}","src_port":${sport},"dest_ip":"${dst}","dest_port":${dport},"proto":"${proto}","community_id":"1:${Buffer.from(String(flowId)).toString('base64')}"`;
    const x = r();
    if (x < 0.55) {
      const app = dport === 443 ? `,"tls":{"subject":"CN=${host}","issuerdn":"CN=R3, O=Let's Encrypt, C=US","serial":"04:A1:${pad(i % 100)}","fingerprint":"a1:b2:c3","sni":"${host}","version":"TLS 1.3","notbefore":"2026-09-01T00:00:00","notafter":"2026-12-01T00:00:00","ja3":{"hash":"e7d705a3286e19ea42f587b344ee6865"}}` : dport === 80 ? `,"http":{"hostname":"${host}","url":"/cgi-bin/luci/;stok=/locale?form=country&id=${i % 997}","http_user_agent":"${UAS[i % UAS.length]}","http_content_type":"text/html","http_method":"GET","protocol":"HTTP/1.1","status":404,"length":162}` : '';
      yield `{"timestamp":"${ts}",${common.replace(',"src_ip"', ',"event_type":"alert","src_ip"')},"pkt_src":"wire/pcap","tx_id":0,"alert":{"action":"allowed","gid":1,"signature_id":${sig[0]},"rev":${3 + (sig[0] % 7)},"signature":"${sig[1]}","category":"${sig[2]}","severity":${sig[3]},"metadata":{"created_at":["2020_01_01"],"updated_at":["2024_05_01"],"signature_severity":["Major"]}}${app},"app_proto":"${dport === 443 ? 'tls' : dport === 80 ? 'http' : 'failed'}","direction":"to_server","flow":{"pkts_toserver":${1 + (i % 9)},"pkts_toclient":${i % 7},"bytes_toserver":${60 + (i % 1500)},"bytes_toclient":${i % 900},"start":"${ts}","src_ip":"${src}","dest_ip":"${dst}","src_port":${sport},"dest_port":${dport}},"payload":"R0VUIC8gSFRUUC8xLjENCkhvc3Q6IHd3dy5jdXN0b21lci5leGFtcGxlDQoNCg==","stream":0}`;
    } else if (x < 0.8) {
      yield `{"timestamp":"${ts}",${common.replace(',"src_ip"', ',"event_type":"flow","src_ip"')},"app_proto":"failed","flow":{"pkts_toserver":${1 + (i % 5)},"pkts_toclient":${i % 3},"bytes_toserver":${60 + (i % 600)},"bytes_toclient":${i % 400},"start":"${ts}","end":"${ts}","age":${i % 60},"state":"closed","reason":"timeout","alerted":false},"tcp":{"tcp_flags":"02","tcp_flags_ts":"02","tcp_flags_tc":"00","syn":true,"state":"syn_sent"}}`;
    } else if (x < 0.88) {
      yield `{"timestamp":"${ts}","flow_id":${flowId},"in_iface":"ens192","event_type":"dns","src_ip":"${dst}","src_port":${sport},"dest_ip":"8.8.8.8","dest_port":53,"proto":"UDP","dns":{"version":2,"type":"answer","id":${i % 65535},"flags":"8180","qr":true,"rd":true,"ra":true,"rrname":"${host}","rrtype":"A","rcode":"NOERROR","answers":[{"rrname":"${host}","rrtype":"A","ttl":300,"rdata":"${dst}"}],"grouped":{"A":["${dst}"]}}}`;
    } else if (x < 0.94) {
      yield `{"timestamp":"${ts}",${common.replace(',"src_ip"', ',"event_type":"http","src_ip"').replace(/"dest_port":\d+/, '"dest_port":80')},"tx_id":0,"http":{"hostname":"${host}","url":"/login.php?user=admin","http_user_agent":"${UAS[i % UAS.length]}","http_content_type":"text/html","http_method":"POST","protocol":"HTTP/1.1","status":200,"length":${i % 5000}}}`;
    } else if (x < 0.98) {
      yield `{"timestamp":"${ts}",${common.replace(',"src_ip"', ',"event_type":"tls","src_ip"').replace(/"dest_port":\d+/, '"dest_port":443')},"tls":{"subject":"CN=${host}","issuerdn":"CN=R3, O=Let's Encrypt, C=US","sni":"${host}","version":"TLS 1.2","ja3":{"hash":"e7d705a3286e19ea42f587b344ee6865","string":"771,4865-4866,0-23,29-23,0"}}}`;
    } else {
      yield `{"timestamp":"${ts}",${common.replace(',"src_ip"', ',"event_type":"anomaly","src_ip"')},"anomaly":{"type":"decode","event":"ipv4.trunc_pkt"}}`;
    }
  }
}

/** Writes generated lines to a stream with backpressure. */
export async function writeEveLines(out: Writable, opts: EveGenOptions): Promise<void> {
  let buf: string[] = [];
  for (const line of eveLines(opts)) {
    buf.push(line);
    if (buf.length >= 2000) {
      if (!out.write(buf.join('\n') + '\n')) await once(out, 'drain');
      buf = [];
    }
  }
  if (buf.length) out.write(buf.join('\n') + '\n');
}

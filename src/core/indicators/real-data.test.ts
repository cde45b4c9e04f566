/**
 * Normalises every line of real public IOC files (../shared/data/iocs, see its README per folder):
 * each rejection carries a reason, and each accepted value is canonical (normalising it again is a no-op).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isNonRoutable } from './ip.ts';
import { normalize, SUPPORTED_TYPES } from './normalize.ts';
import type { Normalized } from './types.ts';

const IOCS = path.resolve(process.cwd(), '../shared/data/iocs');
const read = (rel: string) => readFileSync(path.join(IOCS, rel), 'utf8');
const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));

function tally(values: string[]) {
  const results = values.map((v) => normalize(v));
  const byType = new Map<string, number>();
  const errors = new Map<string, string[]>();
  for (const r of results) {
    if (r.ok) byType.set(r.type, (byType.get(r.type) ?? 0) + 1);
    else errors.set(r.error, [...(errors.get(r.error) ?? []), r.input]);
  }
  return { results, byType, errors };
}

function expectSound(results: Normalized[]) {
  const unstable: string[] = [];
  for (const r of results) {
    if (!r.ok) {
      expect(r.error.length).toBeGreaterThan(3);
      continue;
    }
    const again = normalize(r.value);
    if (!again.ok || again.value !== r.value || again.type !== r.type) unstable.push(`${r.input} → ${r.value}`);
  }
  expect(unstable).toEqual([]);
}

describe('real IOC files', () => {
  it('maltrail trails: shapes match the data README; rejections have reasons; output is canonical', () => {
    const dir = path.join(IOCS, 'maltrail-selected');
    const values = readdirSync(dir)
      .filter((f) => f.endsWith('.txt') && f !== 'README.txt')
      .flatMap((f) => lines(readFileSync(path.join(dir, f), 'utf8')));
    expect(values.length).toBeGreaterThan(100_000);
    const { results, byType, errors } = tally(values);
    expectSound(results);
    // README.txt / ioc-data-quirks.md: 14,594 IPv4:port, 4 bare IPv4, 2,833 path-only trails.
    expect(byType.get('ip-dst|port')).toBe(14_594);
    expect(byType.get('ip-dst')).toBe(4);
    expect(errors.get('path without a host')?.length).toBe(2_833);
    // The only other rejection is the junk character in apt_darkhotel.txt.
    expect([...errors.keys()].sort()).toEqual(["invalid character '¬' in host name", 'path without a host']);
    expect(errors.get("invalid character '¬' in host name")).toEqual(['support¬forum.org']);
    // Trailing blanks, upper case and the hxxp trap come through as real names.
    const byInput = new Map(results.map((r) => [r.input, r]));
    expect(byInput.get('mypeeps.ninja  ')).toMatchObject({ ok: true, value: 'mypeeps.ninja' });
    expect(byInput.get('malware.DSMTP.COM')).toMatchObject({ ok: true, type: 'hostname', value: 'malware.dsmtp.com' });
    expect(byInput.get('hxxp-naver.wetax-pay.online')).toMatchObject({ ok: true, value: 'hxxp-naver.wetax-pay.online' });
    expect(byInput.get('ftp://ftp.fasttradeco.com')).toMatchObject({ ok: true, type: 'url', value: 'ftp://ftp.fasttradeco.com/' });
  });

  it('Feodo ipblocklist.csv: address|port composites', () => {
    const rows = lines(read('abusech-feodo/ipblocklist.csv')).slice(1).map((l) => l.split(',').map((c) => c.replace(/"/g, '')));
    const { results, byType } = tally(rows.map((c) => `${c[1]}|${c[2]}`));
    expectSound(results);
    expect(byType.get('ip-dst|port')).toBe(28);
  });

  it('Spamhaus DROP: drop.txt CIDRs, and the JSON metadata line is not one', () => {
    const txt = tally(lines(read('spamhaus-drop/drop.txt')));
    expectSound(txt.results);
    expect([...txt.byType]).toEqual([['ip-dst', 1406]]);
    const json = read('spamhaus-drop/drop_v4.json').split('\n').filter(Boolean);
    const meta = json.find((l) => l.includes('"metadata"'))!;
    expect(normalize(meta).ok).toBe(false);
    const cidrs = json.map((l) => JSON.parse(l) as { cidr?: string }).filter((o) => o.cidr).map((o) => o.cidr!);
    expect(tally(cidrs).byType.get('ip-dst')).toBe(1406);
  });

  it('FireHOL level1: every block accepted; the bogons are flagged non-routable', () => {
    const { results, byType } = tally(lines(read('firehol/firehol_level1.netset')));
    expectSound(results);
    expect(byType.get('ip-dst')).toBe(results.length);
    const flagged = results.filter((r) => r.ok && r.note === 'non-routable address').map((r) => r.ok && r.value);
    for (const bogon of ['0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16', '224.0.0.0/3']) {
      expect(flagged).toContain(bogon);
      expect(isNonRoutable(bogon)).toBe(true);
    }
  });

  it('ThreatFox URLs and sha256: all accepted, hosts lower-cased, the upper-case hash lower-cased', () => {
    const field = (l: string, i: number) => (l.split('", "')[i] ?? '').replace(/^"|"$/g, '');
    const urls = tally(lines(read('abusech-threatfox/full_urls.csv')).map((l) => field(l, 2)));
    expectSound(urls.results);
    expect([...urls.byType]).toEqual([['url', 6543]]);
    for (const r of urls.results) if (r.ok) expect(new URL(r.value).hostname).toBe(new URL(r.value).hostname.toLowerCase());
    const hashes = tally(lines(read('abusech-threatfox/full_sha256.csv')).map((l) => field(l, 2)));
    expectSound(hashes.results);
    expect([...hashes.byType]).toEqual([['sha256', 4037]]);
    const upper = hashes.results.find((r) => /^24E7B770/.test(r.input));
    expect(upper).toMatchObject({ ok: true, type: 'sha256' });
    expect(upper?.ok && upper.value).toBe(upper?.input.toLowerCase());
  });

  it('ESET sample hashes: upper-case values lower-cased, the 41-character "sha1" rejected', () => {
    const root = path.join(IOCS, 'eset-malware-ioc');
    const values: string[] = [];
    for (const d of readdirSync(root, { withFileTypes: true })) {
      if (!d.isDirectory()) continue;
      for (const f of readdirSync(path.join(root, d.name))) {
        if (/^samples\.(md5|sha1|sha256)$/.test(f)) values.push(...lines(readFileSync(path.join(root, d.name, f), 'utf8')));
      }
    }
    const { results, errors } = tally(values);
    expectSound(results);
    expect([...errors]).toEqual([["41 characters with non-hex 's': not a valid hash", ['f0295f2e46cebffaf7892a5b33ba54122781c20bs']]]);
    const jacana = results.find((r) => r.input.startsWith('D17FE5BC3042BAF219E81CBBF991749D'));
    expect(jacana).toMatchObject({ ok: true, type: 'sha256', value: 'd17fe5bc3042baf219e81cbbf991749dfcd8b6d73cf6506a8228e19910da3578' });
  });

  it('unit42 macro_loader: defanged URLs with brackets in the path', () => {
    const rows = lines(read('unit42/macro_loader/iocs.csv')).slice(1).map((l) => l.split(','));
    const { results, byType, errors } = tally(rows.map((c) => c[2]!));
    expectSound(results);
    expect(errors.size).toBe(0);
    expect(byType.get('url')).toBe(rows.length);
    expect(results.some((r) => r.ok && r.value === 'http://www.pfirsterer.com/chrome/chrome99.exe')).toBe(true);
  });

  it('phishunt feed: URLs, domains and IPs; the one over-long URL is rejected with a reason', () => {
    const rows = read('phishing/phishunt-2026-07-03/feed.csv').split('\n').slice(1).filter(Boolean).map((l) => l.split(','));
    const { results, errors } = tally(rows.flatMap((c) => [c[0]!, c[1]!, c[6]!]));
    expectSound(results);
    expect([...errors.keys()]).toEqual(['longer than 4096 characters']);
  });

  it('MISP events (CIRCL OSINT, ESET): attribute values normalise under their own MISP type', () => {
    const attrs: { type: string; value: string }[] = [];
    const walk = (o: unknown): void => {
      if (Array.isArray(o)) o.forEach(walk);
      else if (o && typeof o === 'object') {
        const a = o as Record<string, unknown>;
        if (typeof a.type === 'string' && typeof a.value === 'string' && 'category' in a) attrs.push({ type: a.type, value: a.value });
        Object.values(a).forEach(walk);
      }
    };
    for (const dir of ['misp-circl-osint', 'eset-malware-ioc/misp-events']) {
      for (const f of readdirSync(path.join(IOCS, dir)).filter((x) => x.endsWith('.json'))) walk(JSON.parse(read(`${dir}/${f}`)));
    }
    const supported = attrs.filter((a) => (SUPPORTED_TYPES as readonly string[]).includes(a.type));
    expect(supported.length).toBeGreaterThan(1000);
    const rejected: string[] = [];
    for (const a of supported) {
      const r = normalize(a.value, { type: a.type });
      if (!r.ok) rejected.push(`${a.type} ${a.value}: ${r.error}`);
      else {
        expect(r.type).toBe(a.type);
        expect(normalize(r.value, { type: a.type })).toMatchObject({ ok: true, value: r.value });
      }
    }
    // Real junk in the events: a truncated address and relative paths filed as `url`.
    expect(rejected.sort()).toEqual([
      'url 107.183.86: URL host: not a valid IPv4 address',
      'url Data/dtl.dat: URL host: single label, not a domain name',
      'url Data/glp.uin: URL host: single label, not a domain name',
    ]);
    // The private address in CIRCL to_delete2.json keeps its value but is flagged.
    expect(normalize('10.10.30.110|1992', { type: 'ip-dst|port' })).toMatchObject({ ok: true, note: 'non-routable address' });
  });

  it('ESET README.adoc write-ups: defanged tokens in lists, tables and code spans', () => {
    const root = path.join(IOCS, 'eset-malware-ioc');
    const tokens: string[] = [];
    for (const d of readdirSync(root, { withFileTypes: true })) {
      let text: string;
      try {
        text = readFileSync(path.join(root, d.name, 'README.adoc'), 'utf8');
      } catch {
        continue;
      }
      for (const line of text.split('\n')) {
        if (!line.includes('[.]') && !/hxxp/i.test(line)) continue;
        const token = line.replace(/^\s*[-*|]\s*/, '').replace(/\s*\|\s*$/, '').trim();
        if (!/\s/.test(token)) tokens.push(token);
      }
    }
    const { results, byType, errors } = tally(tokens);
    expectSound(results);
    expect(byType.get('url')).toBeGreaterThan(300);
    expect(byType.get('ip-dst')).toBeGreaterThan(250);
    // What remains rejected is not one indicator: name templates and several values in one table row.
    expect([...errors.keys()].sort()).toEqual([
      "invalid character '[' in host name", // b[org_name].dnslookup[.]services:443
      "invalid character '{' in host name", // server-{1,30}[.]ostdownload.xyz
      'unrecognised composite value', // a[.]net|b[.]net|178.128.103.24|…
    ]);
  });
});

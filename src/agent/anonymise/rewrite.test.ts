import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CryptoPan } from '../cryptopan/cryptopan.ts';
import { parseKeyText } from '../cryptopan/key-file.ts';
import { addressMapper, anonymiseLine, replaceAddresses } from './rewrite.ts';

const data = path.resolve(process.cwd(), '../shared/data');
const pan = new CryptoPan(parseKeyText('1522178d33a4cf80130a5b1649907d10d8988f837979652762574c2d2a842202'));
const map = addressMapper(pan);
const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}\b/g;

describe('anonymise lines', () => {
  it('replaces IPv4, IPv6 (RFC 5952), addr:port and IPv6 addr:port forms, leaving times and MACs', () => {
    expect(replaceAddresses('SRC=24.5.0.80 DST=208.234.120.210 LEN=1', map)).toBe('SRC=100.9.15.210 DST=227.154.67.17 LEN=1');
    expect(replaceAddresses('{TCP} 24.5.0.80:80 -> 2001:db8::1', map)).toBe('{TCP} 100.9.15.210:80 -> 4401:2bc:603f:d91d:27f:ff8e:e6f1:dc1e');
    expect(replaceAddresses('2001:0db8:0:0:0:0:0:1:60884 ->', map)).toBe('4401:2bc:603f:d91d:27f:ff8e:e6f1:dc1e:60884 ->');
    const keep = 'Mar  8 20:16:44 black kernel: [20474.050964] MAC=28:45:a7:f3:18:00:00:22:15:67:6a:25:08:00 ID=6429 12/28-12:55:38.765402 curl/7.43.0';
    expect(replaceAddresses(keep, map)).toBe(keep);
  });

  it('leaves no original address in any real sample file', () => {
    const files = [
      ...readdirSync(path.join(data, 'logs')).filter((f) => f.endsWith('.log')).map((f) => path.join(data, 'logs', f)),
      ...['suricata-verify', 'dcso-fever'].flatMap((d) => readdirSync(path.join(data, 'eve', d)).filter((f) => f.endsWith('.json')).map((f) => path.join(data, 'eve', d, f))),
    ];
    for (const f of files) {
      for (const line of readFileSync(f, 'utf8').split('\n').filter(Boolean)) {
        const out = anonymiseLine(line, map, false);
        const originals = new Set([...line.matchAll(IPV4)].map((m) => m[0]).filter((ip) => map(ip) !== null));
        for (const ip of originals) {
          // An address may map to itself only by chance; the pseudonym of each original must be present instead.
          expect(out, `${path.basename(f)}: ${ip}`).toContain(map(ip)!);
          if (map(ip) !== ip) expect(new RegExp(`(^|[^0-9.])${ip.replace(/\./g, '\\.')}([^0-9.]|$)`).test(out), `${path.basename(f)} still has ${ip}`).toBe(false);
        }
        if (line.startsWith('{')) expect(() => JSON.parse(out)).not.toThrow();
      }
    }
  });

  it('drops names, URLs, SNI, DNS names and community_id', () => {
    const line = '{"timestamp":"2020-01-01T00:00:00Z","event_type":"alert","src_ip":"24.5.0.80","dest_ip":"10.1.2.3","community_id":"1:abc=","in_iface":"eth0","http":{"hostname":"intranet.customer.example","url":"/secret"},"tls":{"sni":"vpn.customer.example"},"dns":{"queries":[{"rrname":"db.customer.example"}]},"alert":{"signature_id":1}}';
    const kept = anonymiseLine(line, map, false);
    expect(kept).not.toContain('community_id');
    expect(kept).toContain('intranet.customer.example');
    const dropped = anonymiseLine(line, map, true);
    for (const s of ['customer.example', '/secret', 'eth0', '24.5.0.80', '10.1.2.3', 'community_id']) expect(dropped).not.toContain(s);
    expect(JSON.parse(dropped)).toMatchObject({ src_ip: '100.9.15.210', alert: { signature_id: 1 } });
  });
});

/**
 * Enrichment that does not mislead: special-purpose addresses get no country, AS or hosting tag (only
 * their block's name), a URL on an IP is enriched like the IP, and resolver / CDN / VPS space is told apart.
 * Uses the real offline IP data and the provider range files in ../shared/data.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { specialPurposeRange } from '../../core/indicators/special-ranges.ts';
import { createEnricher, type Enricher } from './enricher.ts';

const ranges = path.resolve(process.cwd(), '../shared/data/iocs/cloud-ranges');
let e: Enricher;
beforeAll(async () => {
  e = await createEnricher({ rangeDirs: [ranges] });
}, 60_000);

describe('special-purpose addresses', () => {
  const cases: [string, string, string][] = [
    ['ip-dst', '192.168.1.1', 'private (RFC 1918)'],
    ['ip-src', '10.20.30.40', 'private (RFC 1918)'],
    ['ip-dst', '172.16.5.4', 'private (RFC 1918)'],
    ['ip-dst', '192.0.2.10', 'documentation (RFC 5737)'],
    ['ip-dst', '198.51.100.7', 'documentation (RFC 5737)'],
    ['ip-dst|port', '203.0.113.9|443', 'documentation (RFC 5737)'],
    ['ip-dst', '2001:db8::1', 'documentation (RFC 3849)'],
    ['ip-dst', '100.64.1.1', 'shared CGN space (RFC 6598)'],
    ['ip-dst', '127.0.0.1', 'loopback (RFC 1122)'],
    ['ip-dst', '::1', 'loopback (RFC 4291)'],
    ['ip-dst', '169.254.10.10', 'link-local (RFC 3927)'],
    ['ip-dst', 'fe80::1', 'link-local (RFC 4291)'],
    ['ip-dst', '239.1.2.3', 'multicast (RFC 5771)'],
    ['ip-dst', 'ff02::1', 'multicast (RFC 4291)'],
    ['ip-dst', 'fd12:3456::1', 'unique local (RFC 4193)'],
    ['ip-dst', '::ffff:192.168.0.1', 'private (RFC 1918)'],
    ['ip-dst', '10.0.0.0/8', 'private (RFC 1918)'],
    ['url', 'http://192.168.0.10:8080/admin', 'private (RFC 1918)'],
    ['domain|ip', 'lab.example|198.18.0.1', 'benchmarking (RFC 2544)'],
  ];
  for (const [type, value, name] of cases) {
    it(`${type} ${value}: no country, AS or hosting; range "${name}"`, () => {
      expect(e.enrich(type, value)).toEqual({ asn: null, asName: null, country: null, hosting: null, range: name });
    });
  }

  it('documentation ranges inside a provider list (the Vultr file holds 192.0.2.0/24) are still not hosting', () => {
    expect(e.enrich('ip-dst', '192.0.2.1')!.hosting).toBeNull();
    expect(e.enrich('ip-dst', '203.0.113.1')!.hosting).toBeNull();
  });

  it('Internet addresses next to the blocks are not special', () => {
    for (const ip of ['192.169.0.1', '172.32.0.1', '100.128.0.1', '2001:db9::1', '11.0.0.1', '8.8.8.8']) expect(specialPurposeRange(ip)).toBeNull();
  });
});

describe('hosting kinds', () => {
  it('public resolvers, CDN edges and VPS hosting carry different tags', () => {
    expect(e.enrich('ip-dst', '1.1.1.1')).toMatchObject({ asn: 13335, hosting: 'Public DNS resolver: Cloudflare' });
    expect(e.enrich('ip-dst', '8.8.8.8')).toMatchObject({ asn: 15169, hosting: 'Public DNS resolver: Google' });
    expect(e.enrich('ip-dst', '9.9.9.9')!.hosting).toBe('Public DNS resolver: Quad9');
    expect(e.enrich('ip-dst', '2606:4700:4700::1111')!.hosting).toBe('Public DNS resolver: Cloudflare');
    // A Cloudflare edge (in cloudflare-v4-ip-ranges.txt) is a CDN, not VPS/Cloud.
    expect(e.enrich('ip-dst', '104.16.1.1')).toMatchObject({ asn: 13335, hosting: 'CDN: Cloudflare' });
    // CloudFront prefixes of AWS ip-ranges.json are a CDN; other AWS space is cloud hosting.
    expect(e.enrich('ip-dst', '205.251.249.10')!.hosting).toBe('CDN: Amazon CloudFront');
    expect(e.enrich('ip-dst', '3.5.140.10')!.hosting).toBe('VPS/Cloud: Amazon AWS');
    // Vultr space stays VPS/Cloud.
    expect(e.enrich('ip-dst', '107.191.61.40')).toMatchObject({ hosting: 'VPS/Cloud: Vultr', asn: 20473 });
  });

  it('without range files the AS lists still tell a CDN from hosting', async () => {
    const bare = await createEnricher({ rangeDirs: [] });
    expect(bare.enrich('ip-dst', '104.16.1.1')!.hosting).toBe('CDN: Cloudflare');
    expect(bare.enrich('ip-dst', '107.191.61.40')!.hosting).toBe('VPS/Cloud: Vultr');
  });
});

describe('URLs on an IP', () => {
  it('are enriched exactly like the IP; URLs on a name are not enriched', () => {
    expect(e.enrich('url', 'http://107.191.61.40/')).toEqual(e.enrich('ip-dst', '107.191.61.40'));
    expect(e.enrich('url', 'https://[2606:4700:4700::1111]:443/dns-query')).toEqual(e.enrich('ip-dst', '2606:4700:4700::1111'));
    expect(e.enrich('link', 'http://8.8.8.8/x')!.asn).toBe(15169);
    expect(e.enrich('url', 'http://evil.example/')).toBeNull();
  });
});

/** Enrichment from the offline IP data and the provider range files in ../shared/data. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CidrSet } from './cidr-set.ts';
import { createEnricher } from './enricher.ts';
import { loadRangeDir } from './range-files.ts';

const ranges = path.resolve(process.cwd(), '../shared/data/iocs/cloud-ranges');

describe('hosting ranges', () => {
  it('loads every provider file format in the shared cloud-ranges directory', () => {
    const set = new CidrSet();
    const report = loadRangeDir(ranges, set);
    const bad = report.files.filter((f) => f.error);
    expect(bad).toEqual([]);
    const providers = new Set(report.files.map((f) => f.provider));
    for (const p of ['Amazon AWS', 'Google Cloud', 'Microsoft Azure', 'Oracle Cloud', 'DigitalOcean', 'Linode', 'Vultr', 'Cloudflare', 'OVH']) expect(providers).toContain(p);
    expect(set.size).toBeGreaterThan(10_000);
  });

  it('prefers the most specific range and handles IPv6', () => {
    const set = new CidrSet();
    set.add('10.0.0.0/8', 'Wide');
    set.add('10.1.0.0/16', 'Narrow');
    set.add('2001:db8::/32', 'V6');
    expect(set.find('10.1.2.3')).toBe('Narrow');
    expect(set.find('10.2.2.3')).toBe('Wide');
    expect(set.find('2001:db8::1')).toBe('V6');
    expect(set.find('11.0.0.1')).toBeNull();
    expect(set.find('not-an-ip')).toBeNull();
    expect(set.add('junk/99', 'x')).toBe(false);
  });
});

describe('enricher', () => {
  it('gives ASN, AS name, country and the hosting tag for IP values only', async () => {
    const e = await createEnricher({ rangeDirs: [ranges] });
    const cf = e.enrich('ip-dst', '1.1.1.1')!;
    expect(cf).toMatchObject({ asn: 13335, hosting: 'Public DNS resolver: Cloudflare' });
    expect(cf.asName).toMatch(/cloudflare/i);
    const google = e.enrich('ip-dst|port', '8.8.8.8|53')!;
    expect(google.asn).toBe(15169);
    expect(google.country).toMatch(/^[A-Z]{2}$/);
    expect(e.enrich('domain', 'example.com')).toBeNull();
    expect(e.enrich('url', 'http://example.com/x')).toBeNull();
    const aws = await createEnricher({ rangeDirs: [], ipInfo: null });
    expect(aws.enrich('ip-dst', '8.8.8.8')).toEqual({ asn: null, asName: null, country: null, hosting: 'Public DNS resolver: Google' });
    expect(aws.enrich('ip-dst', '45.33.1.1')).toEqual({ asn: null, asName: null, country: null, hosting: null });
  });

  it('tags an address inside an AWS prefix from ip-ranges.json', async () => {
    const e = await createEnricher({ rangeDirs: [path.join(ranges, 'provider-originals')], ipInfo: null });
    expect(e.enrich('ip-src', '3.5.140.10')?.hosting).toBe('VPS/Cloud: Amazon AWS');
  });
});

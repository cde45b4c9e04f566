import { describe, expect, it } from 'vitest';
import { createIpInfo } from './ip-info.ts';

describe('createIpInfo', () => {
  it('maps well-known addresses to ASN, name and country (IPv4, IPv6, IPv4-mapped)', async () => {
    const info = await createIpInfo();
    expect(info.lookup('8.8.8.8')).toEqual({ asn: 15169, asName: 'Google LLC', country: 'US' });
    expect(info.lookup('1.1.1.1').asn).toBe(13335);
    expect(info.lookup('133.1.1.1')).toMatchObject({ asn: 4730, country: 'JP' });
    expect(info.lookup('2001:4860:4860::8888')).toMatchObject({ asn: 15169, country: 'US' });
    expect(info.lookup('::ffff:8.8.8.8').asn).toBe(15169);
  });

  it('returns nulls for private space and junk, never throws', async () => {
    const info = await createIpInfo();
    for (const bad of ['10.0.0.1', '192.168.1.1', 'junk', '', '999.1.1.1', '1.2.3', ':::', 'fe80::1%eth0']) {
      const r = info.lookup(bad);
      expect(r.asn).toBeNull();
    }
  });

  it('loads once per process', async () => {
    const [a, b] = await Promise.all([createIpInfo(), createIpInfo()]);
    expect(a).toBe(b);
  });

  it('fails with config_invalid on a missing data file', async () => {
    await expect(createIpInfo({ asnIpv4NumCsv: '/nonexistent/asn.csv' })).rejects.toMatchObject({ code: 'config_invalid' });
  });
});

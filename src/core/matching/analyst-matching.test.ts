/** Matching the way analysts paste indicators: URL hosts, composite halves, malware-sample, NFKC. */
import { describe, expect, it } from 'vitest';
import { normalize } from '../indicators/normalize.ts';
import { ipKey } from '../indicators/ip.ts';
import { classifyRows } from './classify.ts';
import { indexEntries } from './index-entries.ts';
import { MATCH_KINDS, type LookupRowOf } from './lookup-types.ts';
import { planLookup } from './plan.ts';

type A = { id: number; type: string; value: string };
type Row = LookupRowOf<A, { id: number }>;
const event = { id: 1 };
const row = (probe: string, via: Row['via'], attribute: A): Row => ({ probe, via, attribute, event });
const reasons = (plan: ReturnType<typeof planLookup>) => [...plan.keys].map(([k, v]) => `${k}:${v.map((x) => `${x.index}/${x.reason}`).join(',')}`);

describe('planning', () => {
  it('a searched URL probes its host and the host’s parents up to the registrable domain (never a public suffix)', () => {
    const plan = planLookup([{ type: 'url', value: 'http://a.office.evil.co.uk/x' }], MATCH_KINDS);
    expect(reasons(plan)).toEqual(['http://a.office.evil.co.uk/x:0/self', 'a.office.evil.co.uk:0/url-host', 'office.evil.co.uk:0/url-host', 'evil.co.uk:0/url-host']);
    expect(plan.probes.ipPoints).toEqual([]);
  });

  it('a URL on an IP probes the IP as a key and inside stored CIDRs; non-routable hosts get no CIDR probe', () => {
    const plan = planLookup([{ type: 'url', value: 'http://107.191.61.40/' }, { type: 'url', value: 'http://10.1.2.3/' }], MATCH_KINDS);
    expect(reasons(plan)).toEqual(['http://107.191.61.40/:0/self', '107.191.61.40:0/url-host', 'http://10.1.2.3/:1/self', '10.1.2.3:1/url-host']);
    expect(plan.probes.ipPoints).toEqual([ipKey('107.191.61.40')]);
  });

  it('ip:port probes the address (not the bare port); domain|ip both halves; filename|md5 and malware-sample the hash', () => {
    const md5 = 'f'.repeat(32);
    const plan = planLookup(
      [
        { type: 'ip-dst|port', value: '45.2.3.4|80' },
        { type: 'domain|ip', value: 'x.example|45.2.3.5' },
        { type: 'filename|md5', value: `a.exe|${md5}` },
        { type: 'hostname|port', value: 'c2.example|443' },
      ],
      MATCH_KINDS,
    );
    expect(reasons(plan)).toEqual([
      '45.2.3.4|80:0/self', '45.2.3.4:0/half', 'x.example|45.2.3.5:1/self', 'x.example:1/half', '45.2.3.5:1/half',
      `a.exe|${md5}:2/self`, `${md5}:2/half`, 'c2.example|443:3/self', 'c2.example:3/half',
    ]);
    expect(plan.probes.ipPoints).toEqual([ipKey('45.2.3.4'), ipKey('45.2.3.5')]);
    const whole = planLookup([{ type: 'ip-dst|port', value: '45.2.3.4|80' }], MATCH_KINDS, { searchHalves: false });
    expect(whole.probes).toEqual({ keys: ['45.2.3.4|80'], ipPoints: [], ipRanges: [] });
  });

  it('kinds switched off make no probes for them', () => {
    const plan = planLookup([{ type: 'url', value: 'http://office.evil.com/' }, { type: 'ip-dst|port', value: '45.2.3.4|80' }], ['exact']);
    expect(plan.probes).toEqual({ keys: ['http://office.evil.com/', '45.2.3.4|80'], ipPoints: [], ipRanges: [] });
  });
});

describe('classifying', () => {
  it('names each hit by how it matched: url-host for a URL’s host or parent, composite for a searched half', () => {
    const values = [
      { type: 'url', value: 'http://office.evil.com/' },
      { type: 'ip-dst|port', value: '45.2.3.4|80' },
      { type: 'domain|ip', value: 'c2.example|45.2.3.5' },
    ];
    const plan = planLookup(values, MATCH_KINDS);
    const dom = { id: 1, type: 'domain', value: 'evil.com' };
    const otherUrl = { id: 2, type: 'url', value: 'http://office.evil.com/login' };
    const ip = { id: 3, type: 'ip-dst', value: '45.2.3.4' };
    const cidr = { id: 4, type: 'ip-dst', value: '45.2.0.0/16' };
    const url2 = { id: 5, type: 'url', value: 'http://c2.example/a' };
    const hits = classifyRows(plan, 3, [
      row('evil.com', 'value', dom),
      row('office.evil.com', 'host', otherUrl),
      row('45.2.3.4', 'value', ip),
      row(ipKey('45.2.3.4'), 'ip-contains', ip),
      row(ipKey('45.2.3.4'), 'ip-contains', cidr),
      row('c2.example', 'host', url2),
    ]);
    expect(hits.map((h) => h.map((x) => `${x.match}:${x.attribute.id}`))).toEqual([['url-host:1', 'url-host:2'], ['composite:3', 'cidr:4'], ['url-host:5']]);
  });
});

describe('stored composites', () => {
  it('malware-sample splits into its file name and hash like every MISP composite type', () => {
    const md5 = 'a'.repeat(32);
    expect(indexEntries('malware-sample', `x.exe|${md5}`).keys).toEqual([
      { key: `x.exe|${md5}`, via: 0 },
      { key: 'x.exe', via: 1 },
      { key: md5, via: 1 },
    ]);
  });
});

describe('NFKC before detection', () => {
  it('full-width digits and dots read as an IP, full-width letters as a domain, a full-width URL as a URL', () => {
    expect(normalize('１９２．１６８．０．１')).toMatchObject({ ok: true, type: 'ip-dst', value: '192.168.0.1' });
    expect(normalize('１０７．１９１．６１．４０')).toEqual({ ok: true, input: '１０７．１９１．６１．４０', type: 'ip-dst', value: '107.191.61.40' });
    expect(normalize('ＡＢＣ．ｃｏｍ')).toMatchObject({ ok: true, type: 'domain', value: 'abc.com' });
    expect(normalize('ｈｘｘｐ：／／ｅｖｉｌ［．］ｃｏｍ／ｐａｔｈ')).toMatchObject({ ok: true, type: 'url', value: 'http://evil.com/path' });
    expect(normalize('１．２．３．４：８０８０')).toMatchObject({ ok: true, type: 'ip-dst|port', value: '1.2.3.4|8080' });
    expect(normalize('例え.jp')).toMatchObject({ ok: true, type: 'domain', value: 'xn--r8jz45g.jp' });
  });
});

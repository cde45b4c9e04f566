/**
 * Federation: a hub searching a real node on loopback finds what analysts paste (URLs on an IP or a
 * subdomain, ip:port, domain|ip, a malware-sample hash, full-width text), each hit naming its match kind
 * and the attribute it is reported under, and enriches without misleading (special-purpose addresses,
 * URLs on an IP, resolver vs CDN vs VPS). SQLite and PostgreSQL.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubClient } from '../client/hub-client.ts';
import { attr, event } from '../storage/contract/fixtures.ts';
import { startNetwork, type TestNetwork } from '../testkit/network.ts';

const ranges = path.resolve(process.cwd(), '../shared/data/iocs/cloud-ranges');
const md5 = '0123456789abcdef0123456789abcdef';
const seed = () => [
  event([
    attr('ip-dst', '107.191.61.40'),
    attr('domain', 'evil.com'),
    attr('malware-sample', `dropper.exe|${md5}`),
    attr('ip-dst', '45.3.0.0/16'),
    attr('hostname', 'c2.example.net'),
    attr('url', 'http://c2.example.net/gate.php'),
    attr('ip-dst', '192.168.1.1'),
    attr('ip-dst', '1.1.1.1'),
  ], { info: 'analyst matching' }),
];

const INPUTS = [
  'hxxp://107.191.61[.]40', 'hxxp://office.evil[.]com/', md5, '45.3.1.2:8080', '１０７．１９１．６１．４０',
  'c2.example.net|107.191.61.40', 'https://c2.example.net/other', '192.168.1.1', 'hxxp://1.1.1[.]1/dns-query', 'nothing.example.org',
];
const EXPECTED: string[][] = [
  ['url-host ip-dst 107.191.61.40'],
  ['url-host domain evil.com'],
  [`composite malware-sample dropper.exe|${md5}`],
  ['cidr ip-dst 45.3.0.0/16'],
  ['exact ip-dst 107.191.61.40'],
  ['composite hostname c2.example.net', 'composite ip-dst 107.191.61.40', 'url-host url http://c2.example.net/gate.php'],
  ['url-host hostname c2.example.net', 'url-host url http://c2.example.net/gate.php'],
  ['exact ip-dst 192.168.1.1'],
  ['url-host ip-dst 1.1.1.1'],
  [],
];

for (const db of ['sqlite', 'postgres'] as const) {
  describe(`analyst-grade matching across the federation (${db})`, () => {
    let net: TestNetwork;
    beforeAll(async () => {
      net = await startNetwork({ db, members: [{ name: 'Owner ISAC', seed }, { name: 'Searcher SOC' }], hubConfig: { enrichment: { enabled: true, rangeDirs: [ranges] } } });
    }, 180_000);
    afterAll(async () => net?.close());

    it('each hit says how it matched and which attribute it is reported under', async () => {
      const c = createHubClient({ baseUrl: net.hub.url, apiKey: net.users['Searcher SOC']!.analyst.key });
      const r = await c.search({ values: INPUTS });
      expect(r.rejected).toEqual([]);
      expect(r.results.map((v) => v.input)).toEqual(INPUTS);
      const got = r.results.map((v) => v.details.map((d) => `${d.match} ${d.attribute.type} ${d.attribute.value}`).sort());
      expect(got).toEqual(EXPECTED);
      expect(r.results.map((v) => v.hits['Owner ISAC'] ?? 0)).toEqual(EXPECTED.map((e) => e.length));
      expect(r.results[4]).toMatchObject({ type: 'ip-dst', value: '107.191.61.40' });
      expect(r.results.every((v) => v.details.every((d) => d.member === 'Owner ISAC' && d.event.info === 'analyst matching'))).toBe(true);
    }, 120_000);

    it('enrichment: private address without country/AS/hosting, URL on an IP like the IP, resolver vs VPS tags', async () => {
      const c = createHubClient({ baseUrl: net.hub.url, apiKey: net.users['Searcher SOC']!.analyst.key });
      const r = await c.search({ values: INPUTS });
      const byInput = new Map(r.results.map((v) => [v.input, v]));
      expect(byInput.get('192.168.1.1')!.enrichment).toEqual({ asn: null, asName: null, country: null, hosting: null, range: 'private (RFC 1918)' });
      expect(byInput.get('192.168.1.1')!.details[0]!.enrichment).toEqual({ asn: null, asName: null, country: null, hosting: null, range: 'private (RFC 1918)' });
      const vultr = byInput.get('１０７．１９１．６１．４０')!.enrichment!;
      expect(vultr).toMatchObject({ asn: 20473, hosting: 'VPS/Cloud: Vultr' });
      expect(vultr.asName).toMatch(/\S/);
      expect(byInput.get('hxxp://107.191.61[.]40')!.enrichment).toEqual(vultr);
      expect(byInput.get('hxxp://1.1.1[.]1/dns-query')!.enrichment).toMatchObject({ asn: 13335, hosting: 'Public DNS resolver: Cloudflare' });
      expect(byInput.get('hxxp://office.evil[.]com/')!.enrichment).toBeNull();
    }, 120_000);
  });
}

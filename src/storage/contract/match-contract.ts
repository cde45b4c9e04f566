/** Contract: every match kind both ways through the store's batch lookup, non-routable and PSL guards, batch size. */
import { expect, it } from 'vitest';
import type { MatchKind } from '../../contracts/match-kinds.ts';
import { searchNormalized, searchValues } from '../../services/search-values.ts';
import type { StoreHandle } from './store-handle.ts';
import { attr, event } from './fixtures.ts';

export function matchContract(h: StoreHandle): void {
  async function seed() {
    const org = await h.s.store.ensureOrg({ name: 'Owner' });
    await h.s.store.saveEvents(
      [
        event([
          attr('domain', 'evil-corp.com'),
          attr('ip-dst|port', '203.0.114.5|8080'),
          attr('filename|md5', 'drop.exe|' + 'e'.repeat(32)),
          attr('ip-dst', '45.2.0.0/16'),
          attr('ip-src', '2a00:1450::/32'),
          attr('ip-dst', '203.0.115.77'),
          attr('ip-dst|port', '203.0.115.80|22'),
          attr('ip-dst', '203.0.115.128/25'),
          attr('domain', 'duckdns.org'),
          attr('url', 'http://bad-host.net/p'),
          attr('url', 'http://203.0.116.5:8080/a'),
          attr('ip-dst', '10.0.0.0/8'),
          attr('ip-dst', '10.1.1.1'),
          attr('domain|ip', 'mixed.org|203.0.117.9'),
        ]),
      ],
      org.id,
    );
    return { viewer: { orgId: org.id, sharingGroupIds: [] as number[] } };
  }

  const summary = (hits: Array<{ match: MatchKind; attribute: { value: string } }>) => hits.map((x) => `${x.match}:${x.attribute.value}`).sort();

  it('matches each kind, both ways, and says how', async () => {
    const { viewer } = await seed();
    const r = await searchValues(
      h.s.store,
      [
        'evil-corp.com', '203.0.114.5', 'e'.repeat(32), '45.2.3.4', '2a00:1450::1', '203.0.115.0/24', '45.2.10.0/24',
        'a.b.evil-corp.com', 'x.duckdns.org', 'bad-host.net', '203.0.116.5', '203.0.117.9', 'mixed.org', 'hxxp://bad-host[.]net/p', 'not a value!',
      ],
      { viewer },
    );
    expect(r.map((x) => summary(x.hits))).toEqual([
      ['exact:evil-corp.com'],
      ['composite:203.0.114.5|8080'],
      ['composite:drop.exe|' + 'e'.repeat(32)],
      ['cidr:45.2.0.0/16'],
      ['cidr:2a00:1450::/32'],
      ['cidr:203.0.115.128/25', 'cidr:203.0.115.77', 'cidr:203.0.115.80|22'],
      ['cidr:45.2.0.0/16'],
      ['subdomain:evil-corp.com'],
      [],
      ['url-host:http://bad-host.net/p'],
      ['url-host:http://203.0.116.5:8080/a'],
      ['composite:mixed.org|203.0.117.9'],
      ['composite:mixed.org|203.0.117.9'],
      ['exact:http://bad-host.net/p'],
      [],
    ]);
    expect(r[0]).toMatchObject({ input: 'evil-corp.com', type: 'domain', value: 'evil-corp.com' });
    expect(r[13]).toMatchObject({ input: 'hxxp://bad-host[.]net/p', type: 'url', value: 'http://bad-host.net/p' });
    expect(r[14]!.error).toBeTruthy();
    expect(r[0]!.hits[0]!.event.info).toBe('test event');
  });

  it('matches the way analysts paste: URL hosts and their parents, ip:port and domain|ip halves, malware-sample hashes, full-width forms', async () => {
    const org = await h.s.store.ensureOrg({ name: 'Owner' });
    const md5 = '0123456789abcdef0123456789abcdef';
    await h.s.store.saveEvents(
      [event([
        attr('ip-dst', '107.191.61.40'),
        attr('domain', 'evil.com'),
        attr('malware-sample', `dropper.exe|${md5}`),
        attr('ip-dst', '45.3.0.0/16'),
        attr('hostname', 'c2.example.net'),
        attr('url', 'http://c2.example.net/gate.php'),
      ])],
      org.id,
    );
    const viewer = { orgId: org.id, sharingGroupIds: [] as number[] };
    const r = await searchValues(
      h.s.store,
      [
        'hxxp://107.191.61[.]40', 'hxxp://office.evil[.]com/', md5, '45.3.1.2:8080', '１０７．１９１．６１．４０',
        'c2.example.net|107.191.61.40', 'https://c2.example.net/other', 'hxxp://45.3.9.9/x', '107.191.61.40:443', 'hxxps://evil[.]com.attacker.org/',
      ],
      { viewer },
    );
    expect(r.map((x) => summary(x.hits))).toEqual([
      ['url-host:107.191.61.40'],
      ['url-host:evil.com'],
      [`composite:dropper.exe|${md5}`],
      ['cidr:45.3.0.0/16'],
      ['exact:107.191.61.40'],
      ['composite:107.191.61.40', 'composite:c2.example.net', 'url-host:http://c2.example.net/gate.php'],
      ['url-host:c2.example.net', 'url-host:http://c2.example.net/gate.php'],
      ['cidr:45.3.0.0/16'],
      ['composite:107.191.61.40'],
      [],
    ]);
    expect(r[4]).toMatchObject({ type: 'ip-dst', value: '107.191.61.40' });
    // MISP's restSearch semantics: a searched composite only as a whole.
    const whole = await searchNormalized(h.s.store, [{ type: 'ip-dst|port', value: '107.191.61.40|443' }], { viewer, kinds: ['exact', 'composite'], searchHalves: false });
    expect(whole[0]!.hits).toEqual([]);
  });

  it('never matches non-routable addresses or ranges by CIDR', async () => {
    const { viewer } = await seed();
    const r = await searchNormalized(h.s.store, [{ type: 'ip-dst', value: '10.1.1.1' }, { type: 'ip-dst', value: '10.0.0.0/8' }, { type: 'ip-dst', value: '10.9.9.9' }], { viewer });
    expect(r.map((x) => summary(x.hits))).toEqual([['exact:10.1.1.1'], ['exact:10.0.0.0/8'], []]);
  });

  it('turns match kinds off', async () => {
    const { viewer } = await seed();
    const values = [
      { type: 'ip-dst', value: '45.2.3.4' }, { type: 'hostname', value: 'a.b.evil-corp.com' }, { type: 'ip-dst', value: '203.0.114.5' },
      { type: 'domain', value: 'bad-host.net' }, { type: 'domain', value: 'evil-corp.com' },
    ];
    const r = await searchNormalized(h.s.store, values, { viewer, kinds: ['exact'] });
    expect(r.map((x) => summary(x.hits))).toEqual([[], [], [], [], ['exact:evil-corp.com']]);
    const all = await searchNormalized(h.s.store, values, { viewer });
    expect(all.map((x) => x.hits.length)).toEqual([1, 1, 1, 1, 1]);
  });

  it('looks up 1,000 values in one batch', async () => {
    const org = await h.s.store.ensureOrg({ name: 'Owner' });
    const attrs = [
      ...Array.from({ length: 500 }, (_, i) => attr('domain', `d${i}.batch-test.com`)),
      ...Array.from({ length: 300 }, (_, i) => attr('ip-dst', `81.${i >> 8}.${i & 255}.1`)),
      ...Array.from({ length: 200 }, (_, i) => attr('md5', 'c' + i.toString(16).padStart(31, '0'))),
    ];
    await h.s.store.saveEvents([event(attrs.slice(0, 500)), event(attrs.slice(500))], org.id);
    const values = [
      ...Array.from({ length: 250 }, (_, i) => ({ type: 'domain', value: `d${i * 2}.batch-test.com` })),
      ...Array.from({ length: 250 }, (_, i) => ({ type: 'domain', value: `nx${i}.batch-test.com` })),
      ...Array.from({ length: 300 }, (_, i) => ({ type: 'ip-dst', value: `81.${i >> 8}.${i & 255}.${i % 2 ? 1 : 2}` })),
      ...Array.from({ length: 200 }, (_, i) => ({ type: 'md5', value: (i % 4 ? 'c' : 'f') + i.toString(16).padStart(31, '0') })),
    ];
    const r = await searchNormalized(h.s.store, values, { viewer: { orgId: org.id, sharingGroupIds: [] } });
    expect(r).toHaveLength(1000);
    const expected = values.map((_, i) => (i < 250 ? 1 : i < 500 ? 0 : i < 800 ? (i - 500) % 2 : (i - 800) % 4 ? 1 : 0));
    expect(r.map((x) => x.hits.length)).toEqual(expected);
  });
}

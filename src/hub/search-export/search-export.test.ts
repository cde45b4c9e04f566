/**
 * Exports of a stored search over real HTTP (issue 13 §4): CSV with and without a BOM, a picked subset,
 * hits only; a MISP event; a STIX 2.1 bundle checked against the OASIS schemas; one blocklist per type.
 * Each is compared with the stored result read through GET /api/v1/searches/:id, and another
 * organisation's export is "not found" like its search.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubClient, HubApiError } from '../../client/hub-client.ts';
import type { SearchResult } from '../../contracts/hub-api.ts';
import { validateStix } from '../../stix/validate.ts';
import { startNetwork, type TestNetwork } from '../../testkit/network.ts';
import { generateWorld } from '../demo/world.ts';
import { CSV_HEADER } from './format-csv.ts';

const world = generateWorld({ fillerPerMember: 50 });
const [aoba, kinu] = [world.members[0]!, world.members[1]!];
let tn: TestNetwork;
let result: SearchResult;
let client: ReturnType<typeof createHubClient>;
const text = (b: Uint8Array): string => new TextDecoder('utf-8', { ignoreBOM: true }).decode(b);
/** Parses our CSV (quoted cells with doubled quotes, CRLF). */
function parseCsv(s: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let q = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (q) {
      if (c === '"' && s[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') q = false;
      else cell += c;
    } else if (c === '"') q = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && s[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += c;
  }
  return rows;
}

beforeAll(async () => {
  tn = await startNetwork({
    members: [
      { name: aoba.name, seed: aoba.events },
      { name: kinu.name, seed: kinu.events },
    ],
    hubOverrides: { ipInfo: null },
  });
  client = createHubClient({ baseUrl: tn.hub.url, apiKey: tn.users[aoba.name]!.analyst.key });
  const first = await client.search({ values: world.sample });
  result = await client.getSearch(first.id);
}, 120_000);

afterAll(async () => {
  await tn?.close();
});

describe('search exports', () => {
  it('CSV: every row, named after the search and its date; a BOM only when asked', async () => {
    const day = new Date(result.createdAt).toISOString().slice(0, 10);
    const plain = await client.exportSearch(result.id, { format: 'csv' });
    expect(plain.filename).toBe(`renkei-search-${result.id.slice(0, 8)}-${day}.csv`);
    expect(plain.contentType).toBe('text/csv; charset=utf-8');
    expect([...plain.bytes.slice(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(text(plain.bytes));
    expect(rows[0]).toEqual(CSV_HEADER);
    expect(rows.slice(1).map((r) => r[2])).toEqual(result.results.map((r) => r.value));
    // members and match kinds per value, as the stored details say.
    const col = (name: string): number => CSV_HEADER.indexOf(name);
    rows.slice(1).forEach((r, i) => {
      const d = result.results[i]!.details;
      expect(r[col('members')], r[2]).toBe([...new Set(d.map((x) => x.member))].sort().join('; '));
      expect(r[col('match_kinds')], r[2]).toBe([...new Set(d.map((x) => x.match))].sort().join('; '));
      expect(r[col('total_hits')], r[2]).toBe(String(Object.values(result.results[i]!.hits).reduce((a, b) => a + b, 0)));
    });
    const hit = rows.find((r) => r[col('members')] === `${aoba.name}; ${kinu.name}`) ?? rows.find((r) => r[col('members')] !== '' && r !== rows[0])!;
    expect(hit[col('tlp')]).toMatch(/^tlp:(clear|green)$/);
    expect(hit[col('last_seen')]).toMatch(/^\d{4}-\d\d-\d\dT/);

    const bom = await client.exportSearch(result.id, { format: 'csv', bom: true });
    expect([...bom.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text(bom.bytes)).toBe(`\uFEFF${text(plain.bytes)}`);
  });

  it('CSV of the rows the analyst picked, and of hits only', async () => {
    const picked = await client.exportSearch(result.id, { format: 'csv', indexes: [7, 2, 400, 2] });
    expect(parseCsv(text(picked.bytes)).slice(1).map((r) => r[2])).toEqual([2, 7, 400].map((i) => result.results[i]!.value));
    const hits = await client.exportSearch(result.id, { format: 'csv', hitsOnly: true });
    const expected = result.results.filter((r) => r.details.length > 0).map((r) => r.value);
    expect(expected.length).toBeGreaterThan(10);
    expect(parseCsv(text(hits.bytes)).slice(1).map((r) => r[2])).toEqual(expected);
  });

  it('MISP event: one attribute per hit value with its TLP; the event takes the strictest', async () => {
    const f = await client.exportSearch(result.id, { format: 'misp' });
    expect(f.filename).toMatch(/^renkei-search-[0-9a-f]{8}-\d{4}-\d\d-\d\d-misp\.json$/);
    const ev = (JSON.parse(text(f.bytes)) as { Event: { info: string; Tag: { name: string }[]; Attribute: { type: string; value: string; Tag: { name: string }[]; to_ids: boolean }[] } }).Event;
    const hitRows = result.results.filter((r) => r.details.length > 0);
    expect(ev.Attribute.map((a) => [a.type, a.value])).toEqual(hitRows.map((r) => [r.type, r.value]));
    expect(ev.info).toBe(`Renkei search ${result.id} (${new Date(result.createdAt).toISOString().slice(0, 10)})`);
    for (const a of ev.Attribute) expect(a.Tag.filter((t) => t.name.startsWith('tlp:')).length, a.value).toBe(1);
    const levels = new Set(ev.Attribute.map((a) => a.Tag[0]!.name));
    expect(ev.Tag).toEqual([{ name: levels.has('tlp:green') ? 'tlp:green' : 'tlp:clear' }]);
    // The same export twice is the same file (stable uuids).
    expect(text((await client.exportSearch(result.id, { format: 'misp' })).bytes)).toBe(text(f.bytes));
  });

  it('STIX 2.1 bundle: valid against the OASIS schemas, one indicator per hit value', async () => {
    const f = await client.exportSearch(result.id, { format: 'stix' });
    const bundle = JSON.parse(text(f.bytes)) as { type: string; objects: { type: string; name?: string; pattern?: string }[] };
    expect(bundle.type).toBe('bundle');
    const v = validateStix(bundle.objects);
    expect(v.errors).toEqual([]);
    expect(v.valid).toBe(true);
    const indicators = bundle.objects.filter((o) => o.type === 'indicator');
    expect(indicators.map((o) => o.name)).toEqual(result.results.filter((r) => r.details.length > 0).map((r) => r.value));
    const ip = result.results.find((r) => r.details.length > 0 && r.type === 'ip-dst')!;
    expect(indicators.find((o) => o.name === ip.value)!.pattern).toBe(`[ipv4-addr:value = '${ip.value}']`);
    expect(bundle.objects.filter((o) => o.type === 'marking-definition').length).toBeGreaterThan(0);
  });

  it('blocklists: the hit values of one type, one per line, sorted', async () => {
    for (const type of ['ip-dst', 'domain']) {
      const f = await client.exportSearch(result.id, { format: 'blocklist', type });
      expect(f.filename.endsWith(`-blocklist-${type}.txt`)).toBe(true);
      const want = [...new Set(result.results.filter((r) => r.type === type && r.details.length > 0).map((r) => r.value))].sort();
      expect(want.length, type).toBeGreaterThan(0);
      expect(text(f.bytes)).toBe(`${want.join('\n')}\n`);
    }
  });

  it('refuses another organisation, rows out of range, a blocklist without a type and unknown keys', async () => {
    const other = createHubClient({ baseUrl: tn.hub.url, apiKey: tn.users[kinu.name]!.analyst.key });
    const code = async (p: Promise<unknown>): Promise<string> => p.then(() => 'ok', (e: unknown) => (e instanceof HubApiError ? `${e.status} ${e.code}` : String(e)));
    expect(await code(other.exportSearch(result.id, { format: 'csv' }))).toBe('404 not_found');
    expect(await code(other.exportSearch('00000000-0000-4000-8000-000000000000', { format: 'csv' }))).toBe('404 not_found');
    expect(await code(client.exportSearch(result.id, { format: 'csv', indexes: [0, result.results.length] }))).toBe('400 validation_failed');
    expect(await code(client.exportSearch(result.id, { format: 'blocklist' }))).toBe('400 validation_failed');
    expect(await code(client.exportSearch(result.id, { format: 'csv', extra: 1 } as never))).toBe('400 unknown_parameter');
    // The same organisation's member admin reads the organisation's search.
    const admin = createHubClient({ baseUrl: tn.hub.url, apiKey: tn.users[aoba.name]!.admin.key });
    expect(await code(admin.exportSearch(result.id, { format: 'csv' }))).toBe('ok');
    // Every export is audited with its form and search; refused ones are not.
    const audit = (await createHubClient({ baseUrl: tn.hub.url, apiKey: tn.hub.admin.key }).audit(10_000)).entries.filter((e) => e.action === 'search-export');
    expect(audit.length).toBe(10);
    expect(audit.every((e) => e.actorOrg === aoba.name && e.detail!.endsWith(` ${result.id}`))).toBe(true);
    expect(new Set(audit.map((e) => e.detail!.split(' ')[0]))).toEqual(new Set(['csv', 'misp', 'stix', 'blocklist:ip-dst', 'blocklist:domain']));
  });
});

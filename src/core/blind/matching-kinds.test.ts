/**
 * Blind matching on crafted cases that real feeds rarely contain: composite halves, parent domains of
 * composite hosts, searched ranges inside, around and narrower than stored ones, IPv6 ranges.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MATCH_KINDS, type MatchKind } from '../matching/lookup-types.ts';
import type { SearchValue } from '../matching/plan.ts';
import { classifyBlindHits } from './classify.ts';
import { loadSodiumGroup } from './group-sodium.ts';
import { OwnerTokenTable } from './owner-table.ts';
import { ownerTokens } from './owner-tokens.ts';
import { matchNode, prepareBlindQuery } from './searcher.ts';
import { createVoprf, type Voprf } from './voprf.ts';

const STORED: Array<[string, string, string]> = [
  ['a1', 'domain|ip', 'evil.example|45.1.2.3'],
  ['a2', 'ip-dst', '45.64.0.0/17'],
  ['a3', 'ip-dst', '45.70.1.2'],
  ['a4', 'ip-dst', '45.80.0.0/20'],
  ['a5', 'url', 'http://45.9.3.9:8080/x.bin'],
  ['a6', 'hostname|port', 'mail.evil.org|443'],
  ['a7', 'ip-dst', '10.0.0.0/8'],
  ['a8', 'ip-dst', '2a00:1450::/29'],
  ['a9', 'filename|sha256', `invoice.exe|${'ab'.repeat(32)}`],
  ['a10', 'ip-dst', '45.90.0.128/25'],
];

let voprf: Voprf;
let table: OwnerTokenTable<string>;
let nodeEvaluate: (blinded: Uint8Array[]) => { batch: ReturnType<Voprf['blindEvaluateBatch']>; publicKey: Uint8Array };
beforeAll(async () => {
  voprf = createVoprf(await loadSodiumGroup());
  const key = voprf.generateKeyPair();
  table = new OwnerTokenTable<string>(voprf, key);
  for (const [id, type, value] of STORED) table.add(id, type, value);
  table.commit();
  nodeEvaluate = (blinded) => ({ batch: voprf.blindEvaluateBatch(key, blinded), publicKey: key.publicKey });
});

function search(values: SearchValue[], kinds: readonly MatchKind[] = MATCH_KINDS): string[][] {
  const query = prepareBlindQuery(voprf, values, kinds, [table.shape()]);
  expect(query.expansion.errors).toEqual([]);
  // The node side: evaluate, then resolve the hits the searcher finds in the set.
  const answer = nodeEvaluate(query.batch.blinded);
  const m = matchNode(voprf, query, answer.batch, answer.publicKey, [table.snapshot()]);
  const contexts = new Map<number, Array<{ match: MatchKind; attribute: { uuid: string; type: string; value: string } }>>();
  for (const i of m.hits) {
    const r = table.resolve(m.outputs[i]!)!;
    contexts.set(i, r.entries.map((e) => {
      const [, type, value] = STORED.find((s) => s[0] === e.attribute)!;
      return { match: e.match, attribute: { uuid: e.attribute, type, value } };
    }));
  }
  return classifyBlindHits(values.length, query.expansion, contexts, kinds).map((hs) => hs.map((h) => `${h.match}:${h.attribute.uuid}`));
}

describe('blind match kinds on crafted data', () => {
  it('matches composite halves, parent domains of composite hosts, URL hosts', () => {
    expect(search([
      { type: 'hostname', value: 'www.evil.example' },
      { type: 'ip-dst', value: '45.1.2.3' },
      { type: 'ip-dst', value: '45.9.3.9' },
      { type: 'hostname', value: 'a.mail.evil.org' },
      { type: 'sha256', value: 'ab'.repeat(32) },
      { type: 'domain', value: 'evil.example' },
    ])).toEqual([['subdomain:a1'], ['composite:a1'], ['url-host:a5'], ['subdomain:a6'], ['composite:a9'], ['composite:a1']]);
  });

  it('matches CIDR containment both ways, at every nesting of searched and stored ranges', () => {
    expect(search([
      { type: 'ip-dst', value: '45.64.77.1' }, // address in a stored /17 (tokenised at /24)
      { type: 'ip-dst', value: '45.64.0.0/18' }, // searched range inside the stored /17
      { type: 'ip-dst', value: '45.64.0.0/16' }, // searched range around the stored /17
      { type: 'ip-dst', value: '45.70.0.0/20' }, // stored address inside a searched range
      { type: 'ip-dst', value: '45.80.0.0/18' }, // stored /20 inside a searched /18 (no within level between)
      { type: 'ip-dst', value: '45.70.1.0/28' }, // narrow searched range around the stored address
      { type: 'ip-dst', value: '45.70.1.64/28' }, // narrow searched range beside it: the coarse marker hits, the filter drops it
      { type: 'ip-dst', value: '10.1.2.3' }, // non-routable: never CIDR-matched
      { type: 'ip-dst', value: '2a00:1450:4001::1' }, // IPv6 address in a stored /29
      { type: 'ip-dst', value: '45.90.0.192/26' }, // narrow searched range inside a narrow stored one
      { type: 'ip-dst', value: '45.65.0.1' }, // outside everything
    ])).toEqual([['cidr:a2'], ['cidr:a2'], ['cidr:a2'], ['cidr:a3'], ['cidr:a4'], ['cidr:a3'], [], [], ['cidr:a8'], ['cidr:a10'], []]);
  });

  it('respects the enabled kinds', () => {
    const values = [{ type: 'ip-dst', value: '45.1.2.3' }, { type: 'hostname', value: 'www.evil.example' }, { type: 'ip-dst', value: '45.64.77.1' }];
    expect(search(values, ['exact'])).toEqual([[], [], []]);
    expect(search(values, ['subdomain', 'cidr'])).toEqual([[], ['subdomain:a1'], ['cidr:a2']]);
  });

  it('bounds the tokens of a stored range and publishes only the levels in use', () => {
    expect(ownerTokens('ip-dst', '45.64.0.0/17').filter((t) => t.level?.kind === 'cidr')).toHaveLength(128);
    expect(ownerTokens('ip-dst', '45.64.0.0/24').map((t) => t.input)).toEqual([
      'renkei/v1|exact|45.64.0.0/24', 'renkei/v1|cidr|45.64.0.0/24', 'renkei/v1|cidr-within|45.64.0.0/16', 'renkei/v1|cidr-within|45.64.0.0/24',
    ]);
    expect(table.shape()).toEqual({ cidrLevels: { v4: [24, 28], v6: [32] }, withinLevels: { v4: [16, 24], v6: [32] } });
  });
});

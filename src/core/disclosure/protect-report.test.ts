import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PUBLIC_PARAMS, paramsFor, type DisclosureParams } from './params.ts';
import { perturb, roundingStep } from './perturb.ts';
import { protectFigure, protectReport, type TableInput } from './protect-report.ts';
import { seededRandom } from '../random/seeded-random.ts';

const seed = new TextEncoder().encode('test seed: community report 2026-11');
const opts = { seed, params: PUBLIC_PARAMS };
const members = (names: string, each: number) => Object.fromEntries([...names].map((m) => [m, each]));

/**
 * What an attacker who knows the method (not the seed) can conclude about the one unknown contribution:
 * every count c ≥ 1 whose total could have been published as `published`.
 */
function candidates(published: number, known: number, p: DisclosureParams): number[] {
  const out: number[] = [];
  const s0 = roundingStep(published + 1, p);
  for (let c = Math.max(1, published - known - 4 * s0); c <= published - known + 4 * s0; c++) {
    const x = known + c;
    const s = roundingStep(x, p);
    if (published % s === 0 && Math.abs(published - x) <= (p.noiseSteps + 0.5) * s) out.push(c);
  }
  return out;
}

function colludingAttack(p: DisclosureParams, colluders: number) {
  const r = seededRandom(11);
  const names = Array.from({ length: colluders + 1 }, (_, i) => `m${i}`);
  let exactGuesses = 0;
  let bestAttacker = 0;
  let fewestCandidates = Infinity;
  const sizes: number[] = [];
  let rawRecovered = 0;
  const N = 2000;
  for (let i = 0; i < N; i++) {
    // Counts from 1 to about a million, log-uniform, as event counts per member are.
    const counts = names.map(() => Math.max(1, Math.round(Math.exp(r() * Math.log(1e6)))));
    const contributions = Object.fromEntries(names.map((m, j) => [m, counts[j]!]));
    const key = `events|signature=${i}|2026-11`;
    const fig = protectFigure(key, contributions, { seed, params: p });
    expect(fig.status).toBe('published');
    const known = counts.slice(0, colluders).reduce((a, b) => a + b, 0);
    const target = counts[colluders]!;
    // Before: the hub published the raw sum, and subtraction gave the exact count every time.
    if (counts.reduce((a, b) => a + b, 0) - known === target) rawRecovered++;
    if (fig.value! - known === target) exactGuesses++;
    const cs = candidates(fig.value!, known, p);
    expect(cs).toContain(target);
    fewestCandidates = Math.min(fewestCandidates, cs.length);
    sizes.push(cs.length);
    // The noise is uniform, so all consistent counts are about equally likely: an attacker picking the
    // best one is right with probability ≈ 1 / (number of consistent counts).
    bestAttacker += 1 / cs.length;
  }
  sizes.sort((a, b) => a - b);
  return { rawRecovered: rawRecovered / N, exactGuesses: exactGuesses / N, bestAttacker: bestAttacker / N, fewestCandidates, medianCandidates: sizes[N >> 1]! };
}

describe('colluding members against published figures', () => {
  it('two members of a three-member figure (members-only, k = 3) cannot recover the third exact count', () => {
    const res = colludingAttack(paramsFor('members', 3), 2);
    expect(res.rawRecovered).toBe(1);
    // Never certain: several counts fit every published figure (typically 2·noise·step + step of them; fewer
    // only when the unknown count is tiny and the attacker knows it is at least 1). The subtraction guess
    // is right only by chance, and the attacker cannot tell when.
    expect(res.fewestCandidates).toBeGreaterThanOrEqual(2);
    expect(res.medianCandidates).toBeGreaterThanOrEqual(20);
    expect(res.exactGuesses).toBeLessThan(0.08);
    expect(res.bestAttacker).toBeLessThan(0.1);
  });

  it('four members of a five-member public figure (k = 5) cannot either', () => {
    const res = colludingAttack(PUBLIC_PARAMS, 4);
    expect(res.fewestCandidates).toBeGreaterThanOrEqual(2);
    expect(res.medianCandidates).toBeGreaterThanOrEqual(20);
    expect(res.exactGuesses).toBeLessThan(0.08);
    expect(res.bestAttacker).toBeLessThan(0.1);
  });

  it('gives the same figure the same value everywhere in a report', () => {
    const c = members('ABCDE', 1234);
    const tables: TableInput[] = [
      { id: 'summary', cells: [{ key: 'events|port=23', contributions: c }] },
      { id: 'ports', cells: [{ key: 'events|port=23', contributions: c }, { key: 'events|port=445', contributions: members('ABCDEF', 50) }] },
    ];
    const [a, b] = protectReport(tables, opts);
    expect(a!.cells[0]).toEqual(b!.cells[0]);
    expect(protectReport(tables, opts)).toEqual([a, b]);
    expect(a!.cells[0]!.value).toBe(perturb(6170, seed, 'events|port=23', PUBLIC_PARAMS));
  });
});

describe('suppression', () => {
  it('withholds figures from fewer than k members and keeps zeros', () => {
    const [t] = protectReport([{ id: 't', cells: [{ key: 'a', contributions: members('ABCD', 100) }, { key: 'b', contributions: members('ABCDE', 100) }, { key: 'z', contributions: { A: 0 } }] }], opts);
    expect(t!.cells).toEqual([
      { key: 'a', status: 'suppressed', value: null },
      { key: 'b', status: 'published', value: perturb(500, seed, 'b', PUBLIC_PARAMS) },
      { key: 'z', status: 'published', value: 0 },
    ]);
  });

  it('withholds a complement so total − published cells does not reveal a withheld cell', () => {
    const table: TableInput = {
      id: 'top-ports',
      totalKey: 'events|all',
      cells: [
        { key: 'port=23', contributions: members('ABCDEF', 10_000) },
        { key: 'port=445', contributions: members('ABCDE', 300) },
        { key: 'port=8080', contributions: members('BCDEFG', 200) },
        { key: 'port=9999', contributions: { G: 5_000 } },
        { key: 'port=7', contributions: {} },
      ],
    };
    const [t] = protectReport([table], opts);
    expect(t!.cells.map((c) => [c.key, c.status])).toEqual([
      ['port=23', 'published'],
      ['port=445', 'published'],
      ['port=8080', 'suppressed_secondary'],
      ['port=9999', 'suppressed'],
      // A zero hides no one and shields no one: it is never picked as a complement.
      ['port=7', 'published'],
    ]);
    expect(t!.total).toEqual({ key: 'events|all', status: 'published', value: perturb(67_700, seed, 'events|all', PUBLIC_PARAMS) });
    // The differencing attack now yields 8080 and 9999 together (7 members), not G's 5,000 alone.
    const residual = t!.total!.value! - t!.cells.filter((c) => c.status === 'published').reduce((a, c) => a + c.value!, 0);
    expect(Math.abs(residual - 5_000)).toBeGreaterThan(600);
  });

  it('withholds a total from fewer than k members like any figure', () => {
    const [t] = protectReport([{ id: 't', totalKey: 'total', cells: [{ key: 'x', contributions: members('ABCD', 9) }, { key: 'y', contributions: { A: 3 } }] }], opts);
    expect([t!.cells.map((c) => c.status), t!.total]).toEqual([['suppressed', 'suppressed'], { key: 'total', status: 'suppressed', value: null }]);
  });

  it('carries a withheld figure into every table and re-checks their totals', () => {
    const shared = { key: 'sig=1', contributions: { A: 40, B: 30, C: 30, D: 30, E: 30, F: 40 } };
    const tables: TableInput[] = [
      { id: 'by-sig', totalKey: 'all', cells: [{ key: 'sig=0', contributions: { Z: 900 } }, shared, { key: 'sig=2', contributions: members('ABCDEFG', 900) }] },
      { id: 'sig-1-by-port', totalKey: 'sig=1', cells: [{ key: 'sig=1|p=23', contributions: members('ABCDE', 30) }, { key: 'sig=1|p=80', contributions: { F: 40, A: 10 } }] },
      { id: 'other', totalKey: 'other-total', cells: [shared, { key: 'q', contributions: members('HIJKL', 5) }, { key: 'r', contributions: members('MNOPQ', 7) }] },
    ];
    const out = protectReport(tables, opts);
    expect(out.map((t) => [t.id, t.cells.map((c) => c.status), t.total?.status])).toEqual([
      ['by-sig', ['suppressed', 'suppressed_secondary', 'published'], 'published'],
      // sig=1 is withheld as a complement in by-sig, so it is withheld here as this table's total …
      ['sig-1-by-port', ['published', 'suppressed'], 'suppressed_secondary'],
      // … and here, or reading it from this table would undo the complement and reveal sig=0.
      ['other', ['suppressed_secondary', 'published', 'published'], 'published'],
    ]);
  });

  it('never leaves a published total whose withheld cells come from fewer than k members (random tables)', () => {
    const member = fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F', 'G', 'H');
    const cell = fc.dictionary(member, fc.integer({ min: 0, max: 1000 }), { maxKeys: 8 });
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 8 }), fc.integer({ min: 2, max: 6 }), (cells, k) => {
        const table: TableInput = { id: 't', totalKey: 'total', cells: cells.map((contributions, i) => ({ key: `c${i}`, contributions })) };
        const [t] = protectReport([table], { seed, params: { ...PUBLIC_PARAMS, minMembers: k } });
        const who = new Set<string>();
        t!.cells.forEach((c, i) => {
          const m = Object.entries(cells[i]!).filter(([, n]) => n > 0).map(([name]) => name);
          if (c.status === 'published') expect(m.length === 0 || m.length >= k).toBe(true);
          else m.forEach((x) => who.add(x));
        });
        if (t!.total!.status === 'published') expect(who.size === 0 || who.size >= k).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses inconsistent or invalid input with a stable code', () => {
    const bad = (tables: TableInput[]) => () => protectReport(tables, opts);
    const code = expect.objectContaining({ code: 'validation_failed' });
    expect(bad([{ id: 'a', cells: [{ key: 'x', contributions: { A: 1 } }] }, { id: 'b', cells: [{ key: 'x', contributions: { A: 2 } }] }])).toThrow(code);
    expect(bad([{ id: 'a', cells: [{ key: 'x', contributions: { A: -1 } }] }])).toThrow(code);
    expect(bad([{ id: 'a', cells: [{ key: 'x', contributions: { A: Number.NaN } }] }])).toThrow(code);
    expect(bad([{ id: 'a', cells: [{ key: 'x', contributions: { A: 1 } }, { key: 'x', contributions: { A: 1 } }] }])).toThrow(code);
    expect(bad([{ id: 'a', totalKey: 'x', cells: [{ key: 'x', contributions: { A: 1 } }] }])).toThrow(code);
    expect(protectFigure('m', new Map([['A', 5], ['B', 5], ['C', 5], ['D', 5], ['E', 5]]), opts)).toEqual({ key: 'm', status: 'published', value: perturb(25, seed, 'm', PUBLIC_PARAMS) });
  });
});

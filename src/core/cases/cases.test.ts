import { describe, expect, it } from 'vitest';
import { describeEstimate } from '../damage/describe.ts';
import { isRenkeiError } from '../errors.ts';
import { caseDamageInputs, estimateCaseDamage, outagesFromTimeline } from './case-damage.ts';
import type { CaseDamageSettings } from './case-model.ts';
import { parseHostCsv } from './host-csv.ts';
import { isInternalAddress } from './internal-address.ts';
import { deriveSafeStatus, roomStatusOf } from './safe-status.ts';
import { planTasks, renderJournal, type SoapNote } from './soap.ts';
import { FIRST_STEP_TASKS } from './template.ts';
import { checkTransition, nextStates } from './transitions.ts';
import { countTags, repairPriority, TRIAGE_DEFINITIONS } from './triage.ts';

const codeOf = (f: () => unknown): string => {
  try {
    f();
    return 'ok';
  } catch (e) {
    return isRenkeiError(e) ? e.code : 'other';
  }
};

describe('case states', () => {
  it('allows forward work, a step back when containment fails, closing with an outcome and reopening', () => {
    expect(checkTransition('new', 'in_progress', null)).toBeNull();
    expect(checkTransition('contained', 'in_progress', undefined)).toBeNull();
    expect(checkTransition('recovered', 'closed', 'true_positive_with_impact')).toBe('true_positive_with_impact');
    expect(checkTransition('closed', 'in_progress', null)).toBeNull();
    expect([
      codeOf(() => checkTransition('new', 'recovered', null)),
      codeOf(() => checkTransition('new', 'new', null)),
      codeOf(() => checkTransition('in_progress', 'closed', null)),
      codeOf(() => checkTransition('new', 'in_progress', 'false_positive')),
      codeOf(() => checkTransition('closed', 'recovered', null)),
    ]).toEqual(['conflict', 'conflict', 'validation_failed', 'validation_failed', 'conflict']);
    expect(nextStates('contained')).toEqual(['in_progress', 'recovered', 'closed']);
  });
  it('starts from the four first steps', () => {
    expect(FIRST_STEP_TASKS.map((t) => t.title.en)).toEqual(['Find the malicious files', 'Understand the infected environment', 'Understand the damage', 'Identify the cause and route']);
  });
});

describe('triage', () => {
  it('carries the field’s definitions', () => {
    expect(Object.values(TRIAGE_DEFINITIONS).map((d) => [d.tag, d.category, d.definition.en])).toEqual([
      ['black', '0', 'Infected by an overwriting file infector; files cannot be disinfected — rebuild.'],
      ['red', 'I', 'Infected by a non-overwriting file infector; disinfection takes time.'],
      ['yellow', 'II', 'Infected by a single trojan, worm or similar program.'],
      ['green', 'III', 'No sign of infection now, but infection was confirmed in a neighbouring network.'],
    ]);
  });
  it('counts tags and derives the repair list (manual places first, untriaged left out)', () => {
    const hosts = [
      { id: 1, name: 'b', tag: 'green' as const, priority: null },
      { id: 2, name: 'a', tag: 'black' as const, priority: null },
      { id: 3, name: 'c', tag: 'red' as const, priority: null },
      { id: 4, name: 'd', tag: 'untriaged' as const, priority: null },
      { id: 5, name: 'e', tag: 'yellow' as const, priority: null },
      { id: 6, name: 'f', tag: 'green' as const, priority: 1 },
      { id: 7, name: 'a', tag: 'red' as const, priority: null },
    ];
    expect(countTags(hosts)).toEqual({ black: 1, red: 2, yellow: 1, green: 2, untriaged: 1 });
    expect(repairPriority(hosts).map((h) => h.id)).toEqual([6, 7, 3, 5, 2, 1]);
  });
});

describe('host CSV', () => {
  it('keeps valid rows and names each bad one by line', () => {
    const csv = 'name,address,os,owner,tag\r\nweb01,10.0.0.5,Linux,Sato,red\n,10.0.0.6,,,\n"db ""01""",,"Windows\nServer",,BLACK\nx,1,2\nfs01,,,,purple\n\nws02,,,,\n';
    expect(parseHostCsv(csv, 100)).toEqual({
      hosts: [
        { line: 2, name: 'web01', address: '10.0.0.5', os: 'Linux', owner: 'Sato', tag: 'red' },
        { line: 4, name: 'db "01"', address: null, os: 'Windows\nServer', owner: null, tag: 'black' },
        { line: 9, name: 'ws02', address: null, os: null, owner: null, tag: 'untriaged' },
      ],
      errors: [
        { line: 3, code: 'name_empty', params: {}, reason: 'name is empty' },
        { line: 6, code: 'field_count', params: { expected: 5, found: 3 }, reason: 'expected 5 fields, found 3' },
        { line: 7, code: 'unknown_tag', params: { value: 'purple', allowed: 'black, red, yellow, green, untriaged' }, reason: 'unknown tag "purple": use black, red, yellow, green, untriaged' },
      ],
    });
  });
  it('names an unterminated quote, an over-long field and an empty file by code', () => {
    expect(parseHostCsv(`name,os\nok,"Linux\nbad,${'x'.repeat(10)}`, 10).errors).toEqual([{ line: 2, code: 'unterminated_quote', params: {}, reason: 'unterminated quoted field' }]);
    expect(parseHostCsv(`name,os\nh1,${'x'.repeat(256)}\n`, 10).errors).toEqual([{ line: 2, code: 'field_too_long', params: { column: 'os', max: 255 }, reason: 'os is longer than 255 characters' }]);
    expect(parseHostCsv('\uFEFF', 10).errors).toEqual([{ line: 1, code: 'empty_file', params: {}, reason: 'empty file: a header row with a name column is needed' }]);
  });
  it('rejects a bad header and bounds the rows taken', () => {
    expect(parseHostCsv('host,ip\nA,1\n', 10).errors).toEqual([{ line: 1, code: 'bad_header', params: { columns: 'name, address, os, owner, tag', unknown: 'host, ip' }, reason: 'header must name the columns name, address, os, owner, tag (name required); unknown: host, ip' }]);
    const big = `name\n${Array.from({ length: 7 }, (_, i) => `h${i}`).join('\n')}\n`;
    const r = parseHostCsv(big, 5);
    expect([r.hosts.map((h) => h.name), r.errors]).toEqual([['h0', 'h1', 'h2', 'h3', 'h4'], [{ line: 7, code: 'too_many_rows', params: { max: 5, rest: 2 }, reason: 'too many rows: at most 5 per import; 2 rows from this line on were not imported' }]]);
  });
});

describe('case damage', () => {
  const h = 3_600_000;
  const settings: CaseDamageSettings = { annualRevenueYen: '30000000000', businessDays: 240, hoursPerDay: null, downtimeHoursOverride: null, impactOverride: null };
  const counts = { black: 20, red: 30, yellow: 150, green: 500, untriaged: 300 };
  it('gives the worked example from a timeline (two outages, 72 h in all) and triaged hosts', () => {
    const timeline = [
      { occurredAtMs: 0, outage: 'start' as const },
      { occurredAtMs: 48 * h, outage: 'end' as const },
      { occurredAtMs: 50 * h, outage: null },
      { occurredAtMs: 60 * h, outage: 'start' as const },
    ];
    expect(outagesFromTimeline(timeline)).toEqual([{ start: 0, end: 48 * h }, { start: 60 * h, end: null }]);
    const e = estimateCaseDamage(settings, counts, timeline, 84 * h);
    expect(describeEstimate(e, 'ja')?.damage).toBe('暫定被害額 = 時間あたり売上高 × 停止時間 72時間 × 影響度 20%（被害 200 ÷ 全 1,000） = 2億2,500万円（¥225,000,000）');
    expect(e.status === 'complete' && [e.revenuePerHour.yen, e.damage.yen]).toEqual([15_625_000n, 225_000_000n]);
  });
  it('uses overrides and names what is missing', () => {
    const e = estimateCaseDamage({ ...settings, downtimeHoursOverride: 72, impactOverride: { percent: 20 } }, { black: 0, red: 0, yellow: 0, green: 0, untriaged: 0 }, [], 0);
    expect(e.status === 'complete' && e.damage.yen).toBe(225_000_000n);
    expect(caseDamageInputs({ ...settings, impactOverride: { affected: 2, total: 10 } }, counts, [], 0).impact).toEqual({ source: 'manual', affected: 2, total: 10 });
    expect(estimateCaseDamage({ ...settings, annualRevenueYen: null }, counts, [], 0)).toEqual({
      status: 'incomplete',
      missing: [{ field: 'annualRevenue', problem: 'missing' }, { field: 'downtime', problem: 'missing' }],
    });
  });
});

describe('SOAP journal', () => {
  it('renders the current revision of each note with its attachments and plan', () => {
    const note: SoapNote = {
      id: 3,
      caseId: 1,
      revisions: [
        { revision: 1, authorUserId: 1, authorLogin: 'sato', at: 0, subjective: 'old', objective: '', assessment: '', plan: [], attachments: [] },
        { revision: 2, authorUserId: 2, authorLogin: 'kato', at: 1, subjective: 'User saw a ransom note', objective: 'EDR alert', assessment: 'Ransomware', plan: ['Isolate web01', ' ', 'Collect memory'], attachments: [{ name: 'a.bin', sha256: 'ab'.repeat(32), size: 4 }] },
      ],
    };
    expect(planTasks(note.revisions[1]!.plan)).toEqual(['Isolate web01', 'Collect memory']);
    expect(renderJournal([note], 'en', (ms) => `T${ms}`)).toBe(
      ['## Case journal', '', '### #3 — T1 — by kato (revision 2)', '', '**S (subjective)**', '', 'User saw a ransom note', '', '**O (objective)**', '', 'EDR alert', '', 'attachments:', `- a.bin (4 B, SHA-256 ${'ab'.repeat(32)})`, '', '**A (assessment)**', '', 'Ransomware', '', '**P (plan)**', '', '- Isolate web01', '- Collect memory', ''].join('\n'),
    );
  });
});

describe('safe status', () => {
  const c = { state: 'contained' as const, outcome: null, tlp: 'amber' as const, updatedAt: 42, malwareFamilies: ['Emotet', ' Emotet ', ''] };
  const counts = { black: 1, red: 2, yellow: 3, green: 4, untriaged: 5 };
  it('carries only state, counts, families and picked indicators', () => {
    expect(deriveSafeStatus({ case: c, counts, pickedIndicators: ['198.51.100.7', 'evil.example', '198.51.100.7'], internalNames: ['web01.corp.local', 'sato'] })).toEqual({
      status: 'contained', triage: counts, malwareFamilies: ['Emotet'], indicators: ['198.51.100.7', 'evil.example'], tlp: 'amber', asOf: 42,
    });
    expect(['new', 'in_progress', 'recovered'].map((s) => roomStatusOf({ state: s as 'new', outcome: null }))).toEqual(['affected', 'affected', 'recovered']);
    expect([roomStatusOf({ state: 'closed', outcome: 'false_positive' }), roomStatusOf({ state: 'closed', outcome: 'indeterminate' })]).toEqual(['not_affected', 'recovered']);
  });
  it('refuses TLP:RED cases and indicators naming internals', () => {
    expect(codeOf(() => deriveSafeStatus({ case: { ...c, tlp: 'red' }, counts, pickedIndicators: [], internalNames: [] }))).toBe('forbidden');
    let refused: unknown;
    try {
      deriveSafeStatus({ case: c, counts, pickedIndicators: ['10.1.2.3', '192.168.0.9/24', 'fd00::1', 'http://web01.corp.local/x', '8.8.8.8'], internalNames: ['web01.corp.local'] });
    } catch (e) {
      refused = isRenkeiError(e) ? e.details : e;
    }
    expect(refused).toEqual({ refused: ['10.1.2.3', '192.168.0.9/24', 'fd00::1', 'http://web01.corp.local/x'] });
    expect(['172.16.0.1', '172.32.0.1', '100.64.1.1', '127.0.0.1', '::1', 'fe80::1', '203.0.113.1', 'x'].map(isInternalAddress)).toEqual([true, false, true, true, true, true, false, false]);
  });
});

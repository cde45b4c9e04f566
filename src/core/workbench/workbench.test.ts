/** Run comparison hit by hit, labels and the watch schedule (pure). */
import { describe, expect, it } from 'vitest';
import { diffRuns, type RunShape } from './run-diff.ts';
import { normaliseLabel } from './search-label.ts';
import { HOUR_MS, isDue, nextRunAfter } from './watch-schedule.ts';

const hit = (member: string, attr: string, event = 'e1') => ({ member, match: 'exact', attribute: { uuid: attr }, event: { uuid: event, info: `event ${event}` } });
const run = (rows: Array<[string, string, ReturnType<typeof hit>[]]>): RunShape => ({ results: rows.map(([type, value, details]) => ({ type, value, details })) });

describe('diffRuns', () => {
  it('compares by member and attribute, only over values both runs searched', () => {
    const earlier = run([
      ['domain', 'a.example', [hit('Alpha', 'u1'), hit('Beta', 'u2')]],
      ['ip-dst', '45.2.0.1', [hit('Alpha', 'u3')]],
      ['domain', 'gone-value.example', [hit('Alpha', 'u9')]],
      ['domain', 'quiet.example', []],
    ]);
    const later = run([
      // Beta's attribute is gone, Gamma's is new, Alpha's is kept (twice, by two match kinds: one hit).
      ['domain', 'a.example', [hit('Alpha', 'u1'), { ...hit('Alpha', 'u1'), match: 'subdomain' }, hit('Gamma', 'u7', 'e7')]],
      ['ip-dst', '45.2.0.1', []],
      ['domain', 'quiet.example', [hit('Beta', 'u8', 'e8')]],
      ['domain', 'added.example', [hit('Alpha', 'u10')]],
    ]);
    const d = diffRuns(earlier, later);
    expect(d.newHits).toEqual([
      { type: 'domain', value: 'a.example', member: 'Gamma', attributeUuid: 'u7', eventUuid: 'e7', eventInfo: 'event e7', match: 'exact' },
      { type: 'domain', value: 'quiet.example', member: 'Beta', attributeUuid: 'u8', eventUuid: 'e8', eventInfo: 'event e8', match: 'exact' },
    ]);
    expect(d.goneHits).toEqual([
      { type: 'domain', value: 'a.example', member: 'Beta', attributeUuid: 'u2', eventUuid: 'e1', eventInfo: 'event e1', match: 'exact' },
      { type: 'ip-dst', value: '45.2.0.1', member: 'Alpha', attributeUuid: 'u3', eventUuid: 'e1', eventInfo: 'event e1', match: 'exact' },
    ]);
    expect([d.kept, d.onlyEarlier, d.onlyLater, d.skippedMembers]).toEqual([1, 1, 1, []]);
  });

  it('leaves out a member that did not answer in one of the runs', () => {
    const earlier = { members: [{ name: 'Alpha', status: 'ok' }, { name: 'Beta', status: 'ok' }], ...run([['domain', 'a.example', [hit('Alpha', 'u1'), hit('Beta', 'u2')]]]) };
    const later = { members: [{ name: 'Alpha', status: 'ok' }, { name: 'Beta', status: 'timeout' }], ...run([['domain', 'a.example', [hit('Alpha', 'u3')]]]) };
    const d = diffRuns(earlier, later);
    expect(d.goneHits.map((h) => [h.member, h.attributeUuid])).toEqual([['Alpha', 'u1']]);
    expect(d.newHits.map((h) => [h.member, h.attributeUuid])).toEqual([['Alpha', 'u3']]);
    expect(d.skippedMembers).toEqual(['Beta']);
  });

  it('finds nothing between a run and itself', () => {
    const r = run([['domain', 'a.example', [hit('Alpha', 'u1')]]]);
    expect(diffRuns(r, r)).toEqual({ newHits: [], goneHits: [], kept: 1, onlyEarlier: 0, onlyLater: 0, skippedMembers: [] });
  });
});

describe('labels and schedule', () => {
  it('trims a label and drops an empty one', () => {
    expect(normaliseLabel({ ticket: ' INC-4711 ', note: ' phishing wave\n' })).toEqual({ ticket: 'INC-4711', note: 'phishing wave' });
    expect(normaliseLabel({ ticket: '  ', note: '' })).toBeNull();
  });

  it('runs a watch once after downtime: the next run is one interval after the run, not after the missed one', () => {
    const t0 = Date.UTC(2026, 11, 1);
    const w = { enabled: true, nextRunAt: nextRunAfter(t0, 24) };
    const back = t0 + 3.5 * 24 * HOUR_MS;
    expect(isDue(w, back)).toBe(true);
    const next = nextRunAfter(back, 24);
    expect(isDue({ enabled: true, nextRunAt: next }, back + HOUR_MS)).toBe(false);
    expect(next).toBe(back + 24 * HOUR_MS);
    expect(isDue({ enabled: false, nextRunAt: t0 }, back)).toBe(false);
  });
});

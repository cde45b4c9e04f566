/**
 * The community alert level on a real hub: suggested from the last complete week's figures (telnet
 * tripled) and the open rooms, set by a hub admin with a reason, read by anyone (JSON and text) with its
 * dated change log; nobody else may set it or ask for the suggestion.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERT_CRITERIA } from '../../core/reports/alert-level.ts';
import { createAlertLevelService } from './alert-level-service.ts';
import { statisticsSource } from './sources/statistics-source.ts';
import { startReportTestHub, type ReportTestHub } from './test-harness.ts';

describe('community alert level', () => {
  let t: ReportTestHub;
  beforeAll(async () => {
    t = await startReportTestHub({ seed: { days: 40, fromMs: Date.UTC(2026, 9, 22) } });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('suggests from the week’s deviations and the open rooms, by the written criteria', async () => {
    const s = t.hub.ctx.storage;
    const service = createAlertLevelService({
      store: s.reports,
      statistics: statisticsSource({ stats: s.stats, minSources: 3, minMembersFor: () => 3 }),
      audit: async () => undefined,
      // Wednesday 2 December 2026: the last complete week is 23–29 November (telnet tripled from the 21st).
      now: () => Date.UTC(2026, 11, 2, 12),
    });
    const admin = { userId: 1, orgName: 'Hub Operator', role: 'hub-admin' };
    const quiet = await service.suggest(admin);
    expect(quiet.week).toBe('2026-W48');
    expect(quiet.level).toBe('yellow');
    expect(quiet.reasons.map((r) => r.en)).toEqual([
      expect.stringMatching(/^port 23\/TCP: activity far above its baseline \(\d\.\d× the median\)$/),
      expect.stringMatching(/^signature ET SCAN Telnet login attempt \(2000001\): activity far above its baseline/),
      expect.stringMatching(/^source CN: activity far above its baseline/),
      expect.stringMatching(/^source AS4134: activity far above its baseline/),
    ]);
    // A critical room shared with the community, together with the surge: red. A GREEN one counts, an AMBER one not.
    const o = s.observations;
    const room = (tlp: 'green' | 'amber', severity: 'critical' | 'high') => o.createRoom({ orgId: 2, role: 'member-admin', userId: 2 }, { title: 'r', description: 'd', tlp, audience: { kind: 'community' }, severity, anonymous: true }, Date.UTC(2026, 11, 1));
    await room('amber', 'critical');
    expect((await service.suggest(admin)).level).toBe('yellow');
    await room('green', 'critical');
    const red = await service.suggest(admin);
    expect(red.level).toBe('red');
    expect(red.reasons.at(-1)).toEqual({ ja: '深刻度「緊急」のインシデントルーム1件が開設中', en: '1 critical incident room open' });
    await expect(service.suggest({ userId: 2, orgName: 'Aoba CSIRT', role: 'member-admin' })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('is set by hub admins with a reason and read by anyone with its change log', async () => {
    const before = await t.api('anon', 'GET', '/api/v1/reports/alert-level');
    expect(before.json).toEqual({ level: 'green', since: null, reason: null, criteria: ALERT_CRITERIA, history: [] });
    expect(before.headers.get('cache-control')).toBe('public, max-age=60');
    const body = { level: 'yellow', reason: 'Telnet scanning tripled since 21 November.' };
    expect((await t.api('anon', 'PUT', '/api/v1/reports/alert-level', body)).status).toBe(401);
    expect((await t.api('analyst', 'PUT', '/api/v1/reports/alert-level', body)).status).toBe(403);
    expect((await t.api('memberAdmin', 'PUT', '/api/v1/reports/alert-level', body)).status).toBe(403);
    expect((await t.api('hubAdmin', 'PUT', '/api/v1/reports/alert-level', { level: 'purple', reason: 'x' })).json.error.code).toBe('validation_failed');
    expect((await t.api('hubAdmin', 'PUT', '/api/v1/reports/alert-level', body)).status).toBe(200);
    expect((await t.api('hubAdmin', 'PUT', '/api/v1/reports/alert-level', { level: 'green', reason: 'Back to normal.' })).status).toBe(200);
    const after = (await t.api('anon', 'GET', '/api/v1/reports/alert-level')).json;
    expect(after).toMatchObject({ level: 'green', reason: 'Back to normal.', history: [{ level: 'green', reason: 'Back to normal.' }, { level: 'yellow', reason: body.reason }] });
    expect(after.since).toBe(after.history[0].setAt);
    expect(after.history[0].setAt).toBeGreaterThanOrEqual(after.history[1].setAt);
    expect((await t.api('anon', 'GET', '/api/v1/reports/alert-level.txt')).text).toBe('green\n');
    expect((await t.api('analyst', 'GET', '/api/v1/reports/alert-level/suggestion')).status).toBe(403);
    expect((await t.api('hubAdmin', 'GET', '/api/v1/reports/alert-level/suggestion')).status).toBe(200);
    const audit = (await t.hub.ctx.store.listAudit(100)).filter((e) => e.action === 'report-alert-level-set');
    expect(audit.map((e) => [e.actorOrg, e.detail])).toEqual([['Hub Operator', 'alert level green'], ['Hub Operator', 'alert level yellow']]);
  });
});

/**
 * A case worked end to end over HTTP: CSV import with per-row errors, triage with history, SOAP notes
 * with revisions and plan tasks, the field's worked damage example from the timeline and the triage,
 * the management report, and a planted-secret check on the safe status and everything another org
 * or the audit log can see.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCaseTestHub, type CaseTestHub } from './test-harness.ts';

let t: CaseTestHub;
beforeAll(async () => {
  t = await startCaseTestHub();
});
afterAll(async () => t?.close());

const SECRETS = ['srv-kaikei-01.corp.example', '192.168.10.23', 'yamada.taro', 'Tanaka Hanako'];

describe('a case from first report to management summary', () => {
  it('imports hosts, triages, notes, estimates ¥225,000,000 and shares only the safe status', async () => {
    const a = t.users.aOwner; // login yamada.taro: a user name that must not leave the org
    const created = await t.api(a, 'POST', '/api/v1/cases', {
      title: 'Web改ざん', tlp: 'amber', lang: 'en',
      damage: { annualRevenueYen: '30000000000', businessDays: 240 },
    });
    expect(created.status).toBe(201);
    const view = created.json as { case: { id: number; state: string; ownerUserId: number }; tasks: Array<{ title: string; state: string }>; damage: unknown };
    const id = view.case.id;
    expect([view.case.state, view.case.ownerUserId]).toEqual(['new', a.id]);
    expect(view.tasks.map((x) => x.title)).toEqual(['Find the malicious files', 'Understand the infected environment', 'Understand the damage', 'Identify the cause and route']);
    expect(view.damage).toEqual({ status: 'incomplete', missing: [{ field: 'downtime', problem: 'missing' }, { field: 'impact.total', problem: 'zero' }] });

    // 1,000 hosts: 10 black, 40 red, 150 yellow, 800 green; plus three bad rows that are reported and skipped.
    const rows = ['name,address,os,owner,tag', `${SECRETS[0]},${SECRETS[1]},Windows Server,${SECRETS[3]},black`];
    for (let i = 1; i < 1000; i++) rows.push(`pc${i},10.0.${i >> 8}.${i & 255},Windows,,${i < 10 ? 'black' : i < 50 ? 'red' : i < 200 ? 'yellow' : 'green'}`);
    rows.splice(5, 0, 'bad1,,,,purple', ',10.0.0.1,,,', 'x,y');
    const imp = await t.api(a, 'POST', `/api/v1/cases/${id}/hosts/import`, { csv: rows.join('\n') });
    expect(imp.json).toEqual({
      imported: 1000,
      errors: [
        { line: 6, code: 'unknown_tag', params: { value: 'purple', allowed: 'black, red, yellow, green, untriaged' }, reason: 'unknown tag "purple": use black, red, yellow, green, untriaged' },
        { line: 7, code: 'name_empty', params: {}, reason: 'name is empty' },
        { line: 8, code: 'field_count', params: { expected: 5, found: 2 }, reason: 'expected 5 fields, found 2' },
      ],
    });
    type Page = { hosts: Array<{ id: number; name: string; tag: string }>; counts: unknown; matched: number; next: string | null };
    const hosts = (await t.api(a, 'GET', `/api/v1/cases/${id}/hosts?tag=black`)).json as Page;
    expect([hosts.counts, hosts.matched, hosts.next]).toEqual([{ black: 10, red: 40, yellow: 150, green: 800, untriaged: 0 }, 10, null]);
    expect(hosts.hosts.map((h) => h.name)).toEqual(['pc1', 'pc2', 'pc3', 'pc4', 'pc5', 'pc6', 'pc7', 'pc8', 'pc9', SECRETS[0]]);
    // Paged in repair order: red first (by name), 500 per page at most, the cursor walks to the end.
    const seen: string[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const p = (await t.api(a, 'GET', `/api/v1/cases/${id}/hosts?order=repair&limit=300${cursor ? `&cursor=${cursor}` : ''}`)).json as Page;
      expect(p.matched).toBe(1000);
      seen.push(...p.hosts.map((h) => h.tag));
      cursor = p.next;
      pages++;
    }
    expect([pages, seen.length, seen.indexOf('yellow'), seen.indexOf('black'), seen.indexOf('green')]).toEqual([4, 1000, 40, 190, 200]);
    const bad = await Promise.all(['limit=501', 'limit=0', 'order=size', 'cursor=bm90LWEtY3Vyc29y', `order=name&cursor=${Buffer.from(JSON.stringify(['r', 1, 1, 'a', 1])).toString('base64url')}`].map((q) => t.api(a, 'GET', `/api/v1/cases/${id}/hosts?${q}`)));
    expect(bad.map((r) => [r.status, (r.json as { error: { code: string } }).error.code])).toEqual(bad.map(() => [400, 'validation_failed']));
    const found = (await t.api(a, 'GET', `/api/v1/cases/${id}/hosts?q=PC99&limit=5`)).json as Page;
    expect([found.hosts.map((h) => h.name), found.matched, found.next !== null]).toEqual([['pc99', 'pc990', 'pc991', 'pc992', 'pc993'], 11, true]);
    // A selection tagged at once; an id of no host in the case comes back as missing.
    const some = hosts.hosts.slice(0, 3).map((h) => h.id);
    expect((await t.api(a, 'POST', `/api/v1/cases/${id}/hosts/tag`, { hostIds: [...some, 999_999], tag: 'black', reason: 'same family' })).json).toEqual({ changed: some, missing: [999_999] });
    expect((await t.api(a, 'POST', `/api/v1/cases/${id}/hosts/tag`, { hostIds: Array.from({ length: 1001 }, (_, i) => i + 1), tag: 'red', reason: 'x' })).status).toBe(400);

    // Re-triage: the secret host is red after all (not an overwriting infector), with history.
    const secretHost = hosts.hosts.find((h) => h.name === SECRETS[0])!;
    expect((await t.api(a, 'POST', `/api/v1/cases/${id}/hosts/${secretHost.id}/tag`, { tag: 'magenta', reason: 'x' })).status).toBe(400);
    expect(((await t.api(a, 'POST', `/api/v1/cases/${id}/hosts/${secretHost.id}/tag`, { tag: 'red', reason: 'files restorable' })).json as { tag: string }).tag).toBe('red');
    const history = (await t.api(a, 'GET', `/api/v1/cases/${id}/hosts/${secretHost.id}/history`)).json as { history: Array<{ from: string | null; to: string; reason: string; byUserId: number }> };
    expect(history.history.map((h) => [h.from, h.to, h.reason, h.byUserId])).toEqual([[null, 'black', 'CSV import', a.id], ['black', 'red', 'files restorable', a.id]]);
    await t.api(a, 'POST', `/api/v1/cases/${id}/hosts/${secretHost.id}/tag`, { tag: 'black', reason: 'overwritten after all' });

    // The timeline: two outages totalling 72 h, times in JST.
    for (const [at, outage] of [['2026-12-01T09:00:00+09:00', 'start'], ['2026-12-03T09:00:00+09:00', 'end'], ['2026-12-04T00:00:00+09:00', 'start'], ['2026-12-04T15:00:00Z', 'end']] as const) {
      expect((await t.api(a, 'POST', `/api/v1/cases/${id}/timeline`, { occurredAt: at, what: `outage ${outage}`, source: 'monitoring', outage })).status).toBe(201);
    }
    expect((await t.api(a, 'POST', `/api/v1/cases/${id}/timeline`, { occurredAt: '2026-12-01 09:00', what: 'x', source: 'y' })).status).toBe(400);
    const damage = (await t.api(a, 'GET', `/api/v1/cases/${id}/damage`)).json as { status: string; revenuePerHour: { yen: string }; damage: { yen: string; ja: string; plain: string }; formula: { ja: { damage: string } } };
    expect([damage.status, damage.revenuePerHour.yen, damage.damage.yen, damage.damage.ja, damage.damage.plain]).toEqual(['complete', '15625000', '225000000', '2億2,500万円', '¥225,000,000']);
    expect(damage.formula.ja.damage).toBe('暫定被害額 = 時間あたり売上高 × 停止時間 72時間 × 影響度 20%（被害 200 ÷ 全 1,000） = 2億2,500万円（¥225,000,000）');

    // A SOAP note naming the user, revised; its plan lines become tasks.
    const note = (await t.api(a, 'POST', `/api/v1/cases/${id}/notes`, { subjective: `${SECRETS[2]} saw a ransom note`, objective: 'EDR alert', assessment: 'Emotet', plan: ['Isolate hosts'] })).json as { id: number };
    const rev = await t.api(a, 'POST', `/api/v1/cases/${id}/notes/${note.id}/revisions`, { subjective: `${SECRETS[2]} saw a ransom note`, objective: 'EDR alert', assessment: 'Emotet loader, spreading by SMB', plan: ['Isolate hosts', 'Reset passwords'] });
    expect((rev.json as { revisions: Array<{ revision: number; assessment: string }> }).revisions.map((r) => [r.revision, r.assessment])).toEqual([[1, 'Emotet'], [2, 'Emotet loader, spreading by SMB']]);
    expect(((await t.api(a, 'POST', `/api/v1/cases/${id}/notes/${note.id}/plan-tasks`)).json as { tasks: Array<{ title: string; fromNoteId: number }> }).tasks.map((x) => [x.title, x.fromNoteId])).toEqual([['Isolate hosts', note.id], ['Reset passwords', note.id]]);
    const big = await t.api(a, 'POST', `/api/v1/cases/${id}/notes`, { attachments: [{ name: 'huge.bin', contentBase64: 'A'.repeat(3 * 1024 * 1024) }] });
    expect([big.status, (big.json as { error: { code: string } }).error.code]).toEqual([400, 'validation_failed']);

    await t.api(a, 'PATCH', `/api/v1/cases/${id}`, { malwareFamilies: ['Emotet'] });
    await t.api(a, 'POST', `/api/v1/cases/${id}/transition`, { to: 'in_progress' });
    await t.api(a, 'POST', `/api/v1/cases/${id}/transition`, { to: 'contained' });

    // The safe status: refuses internal values as indicators, carries only the allowed fields.
    for (const bad of [[SECRETS[1]], [SECRETS[0]], [`http://${SECRETS[0]}/login`], ['10.20.30.40'], [SECRETS[2]]]) {
      const r = await t.api(a, 'POST', `/api/v1/cases/${id}/safe-status`, { indicators: ['198.51.100.7', ...bad] });
      expect([r.status, (r.json as { error: { details: unknown } }).error.details]).toEqual([400, { refused: bad }]);
    }
    const safe = await t.api(a, 'POST', `/api/v1/cases/${id}/safe-status`, { indicators: ['198.51.100.7', 'evil.example'] });
    const s = safe.json as Record<string, unknown>;
    expect(s).toEqual({ status: 'contained', triage: { black: 10, red: 40, yellow: 150, green: 800, untriaged: 0 }, malwareFamilies: ['Emotet'], indicators: ['198.51.100.7', 'evil.example'], tlp: 'amber', asOf: s.asOf });
    for (const secret of SECRETS) expect(safe.text).not.toContain(secret);
    // Nothing the hub keeps outside the org's case rows (the audit log) names them either.
    const audit = JSON.stringify(await t.hub.ctx.store.listAudit(10_000));
    for (const secret of SECRETS) expect(audit).not.toContain(secret);

    // Into a community incident room opened by another member: the room status, the triage note and one
    // post with the picked indicators; what the other member reads names no host, address or user.
    const opened = await t.api(t.users.bAdmin, 'POST', '/api/v1/rooms', { title: 'Emotet wave', tlp: 'green', audience: { kind: 'community' } });
    expect(opened.status).toBe(201);
    const room = opened.json as { id: number };
    const badShare = await t.api(a, 'POST', `/api/v1/cases/${id}/share`, { roomId: room.id, indicators: [SECRETS[1]] });
    expect([badShare.status, (badShare.json as { error: { details: unknown } }).error.details]).toEqual([400, { refused: [SECRETS[1]] }]);
    const shared = await t.api(a, 'POST', `/api/v1/cases/${id}/share`, { roomId: room.id, indicators: ['198.51.100.7', 'evil.example'] });
    expect([shared.status, (shared.json as { roomId: number; shared: { status: string } }).shared.status]).toEqual([200, 'contained']);
    expect(((await t.api(a, 'GET', `/api/v1/cases/${id}`)).json as { case: { linkedRoomIds: string[] } }).case.linkedRoomIds).toEqual([String(room.id)]);
    expect((await t.api(a, 'POST', `/api/v1/cases/${id}/share`, { roomId: 999_999 })).status).toBe(404);
    const inRoom = await t.api(t.users.bAnalyst, 'GET', `/api/v1/rooms/${room.id}`);
    const r = inRoom.json as { board: { lines: Array<{ status: string; note: string }> }; timeline: Array<{ text: string; indicators: Array<{ value: string }> }> };
    const roomNote = 'triage black 10 · red 40 · yellow 150 · green 800 · untriaged 0 · Emotet';
    expect(r.board.lines.map((l) => [l.status, l.note])).toEqual([['contained', roomNote]]);
    expect(r.timeline.map((p) => [p.text, p.indicators.map((i) => i.value)])).toEqual([[roomNote, ['198.51.100.7', 'evil.example']]]);
    for (const secret of SECRETS) expect(inRoom.text).not.toContain(secret);

    // TLP:RED shares nothing.
    await t.api(a, 'PATCH', `/api/v1/cases/${id}`, { tlp: 'red' });
    expect((await t.api(a, 'POST', `/api/v1/cases/${id}/safe-status`, {})).status).toBe(403);

    // The management report, with the estimate and its inputs.
    const md = (await t.api(a, 'GET', `/api/v1/cases/${id}/export?format=markdown&lang=ja`)).text;
    expect(md.split('\n').slice(0, 5)).toEqual(['# インシデント報告書: Web改ざん', '', '**TLP:RED — 指名された受領者に限る**', '', '- **状態**: 封じ込め済み']);
    expect(md).toContain('- **暫定被害額**: 2億2,500万円（¥225,000,000）\n- **被害ホスト**: 200台 / 全1,000台（20%）\n- **停止時間**: 72時間\n');
    expect(md).toContain('- 時間あたり売上高 = 年間売上高 300億円 ÷ (営業日 240日 × 8時間) = 1,562万5,000円（¥15,625,000）');
    expect(md).toContain('| 黒 (0) | 上書き型ファイル感染型ウイルスに感染。ファイルは駆除できない — 再構築する。 | 10 | 1% |');
    expect(md).toContain('| Reset passwords | 未着手 | 未割当 | — |');
    expect(md).toContain('- Emotet loader, spreading by SMB');
    const html = (await t.api(a, 'GET', `/api/v1/cases/${id}/export?format=html&lang=en`)).text;
    expect(html).toContain('<dt>Provisional damage</dt><dd>¥225 million (¥225,000,000)</dd>');
    const json = (await t.api(a, 'GET', `/api/v1/cases/${id}/export?format=json`)).json as { hosts: unknown[]; notes: unknown[]; damage: { damage: { yen: string } } };
    expect([json.hosts.length, json.notes.length, json.damage.damage.yen]).toEqual([1000, 1, '225000000']);
  });

  it('bounds hosts per case and rows per import, keeping the valid rows', async () => {
    const a = t.users.aAdmin;
    const id = ((await t.api(a, 'POST', '/api/v1/cases', { title: 'bulk' })).json as { case: { id: number } }).case.id;
    const csv = ['name', ...Array.from({ length: 1600 }, (_, i) => `h${i}`)].join('\n');
    expect((await t.api(a, 'POST', `/api/v1/cases/${id}/hosts/import`, { csv })).json).toEqual({ imported: 1500, errors: [{ line: 1502, code: 'too_many_rows', params: { max: 1500, rest: 100 }, reason: 'too many rows: at most 1500 per import; 100 rows from this line on were not imported' }] });
    expect((await t.api(a, 'POST', `/api/v1/cases/${id}/hosts/import`, { csv })).json).toEqual({
      imported: 500,
      errors: [{ line: 502, code: 'too_many_rows', params: { max: 500, rest: 1100, caseMax: 2000 }, reason: 'too many rows: at most 500 per import; 1100 rows from this line on were not imported (the case holds at most 2000 hosts)' }],
    });
    const full = await t.api(a, 'POST', `/api/v1/cases/${id}/hosts`, { name: 'one-more' });
    expect([full.status, (full.json as { error: { code: string } }).error.code]).toEqual([413, 'too_many_values']);
    expect((await t.api(a, 'GET', `/api/v1/cases/${id}`)).json).toMatchObject({ counts: { untriaged: 2000 } });
  });
});

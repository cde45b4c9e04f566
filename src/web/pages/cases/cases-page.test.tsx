// @vitest-environment jsdom
/**
 * The cases page against a real hub on loopback: create a case (the four first steps appear), import hosts
 * with a bad row, set revenue and days, add outages, see the worked estimate in Japanese units, add a SOAP
 * note, move the state, and preview the safe status — in Japanese by default and in English.
 */
import { cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useMemo, useState } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startCaseTestHub, type CaseTestHub } from '../../../hub/cases/test-harness.ts';
import { I18nProvider } from '../../i18n/i18n.tsx';
import { casesApi } from './cases-api.ts';
import { CasesView } from './cases-page.tsx';
import { casesMessages } from './messages.ts';
import { hostMessages as hm } from './host-messages.ts';

configure({ asyncUtilTimeout: 8000 });
let t: CaseTestHub;
beforeAll(async () => {
  t = await startCaseTestHub();
});
afterAll(async () => t?.close());
afterEach(cleanup);

function Harness() {
  const api = useMemo(() => casesApi({ base: t.url, headers: () => ({ authorization: `Bearer ${t.users.aAdmin.key}` }) }), []);
  const [id, setId] = useState<number | null>(null);
  return <CasesView api={api} id={id} onOpen={setId} />;
}

function renderCases(lang: 'ja' | 'en') {
  return render(
    <I18nProvider lang={lang}>
      <Harness />
    </I18nProvider>,
  );
}

describe('cases page', () => {
  it('works a case in Japanese: first steps, import with row errors, worked estimate, note, state, safe status', async () => {
    const ja = casesMessages.ja;
    renderCases('ja');
    expect(await screen.findByText(ja.empty)).toBeTruthy();
    fireEvent.change(screen.getByLabelText(ja.newTitle), { target: { value: 'ランサムウェア感染' } });
    fireEvent.click(screen.getByRole('button', { name: ja.create }));
    expect(await screen.findByRole('heading', { name: 'ランサムウェア感染' })).toBeTruthy();
    expect([...screen.getByTestId('tasks').querySelectorAll('li')].map((li) => [li.dataset.task, li.dataset.state])).toEqual([
      ['不正なファイルを見つける', 'open'], ['感染した環境を把握する', 'open'], ['被害を把握する', 'open'], ['原因と侵入経路を特定する', 'open'],
    ]);

    const csv = ['name,tag', ...Array.from({ length: 10 }, (_, i) => `pc${i},${i < 2 ? 'red' : 'green'}`), 'bad,purple'].join('\n');
    fireEvent.change(screen.getByLabelText(hm.ja.importTitle), { target: { value: csv } });
    fireEvent.click(screen.getByRole('button', { name: hm.ja.importDo }));
    const status = await screen.findByTestId('import-result');
    expect(within(status).getAllByText(/./).map((e) => e.textContent)).toEqual(['10台を登録、エラー1行', '12行目: タグ「purple」は使えません（black, red, yellow, green, untriaged のいずれか）']);
    await waitFor(() => expect(screen.getByRole('row', { name: /red \(I\)/ }).textContent).toContain('2台'));

    fireEvent.change(screen.getByLabelText(ja.revenue), { target: { value: '30000000000' } });
    fireEvent.change(screen.getByLabelText(ja.days), { target: { value: '240' } });
    fireEvent.click(screen.getByRole('button', { name: ja.save }));
    for (const [at, outage] of [['2026-12-01T09:00:00+09:00', 'start'], ['2026-12-04T09:00:00+09:00', 'end']]) {
      fireEvent.change(screen.getByLabelText(ja.eventAt), { target: { value: at } });
      fireEvent.change(screen.getByLabelText(ja.eventWhat), { target: { value: `停止 ${outage}` } });
      fireEvent.change(screen.getByLabelText(ja.eventSource), { target: { value: '監視' } });
      fireEvent.change(screen.getByLabelText(ja.outage), { target: { value: outage } });
      fireEvent.click(screen.getByRole('button', { name: ja.addEvent }));
      await screen.findByText(`${at} — 停止 ${outage} (監視)`);
    }
    fireEvent.change(screen.getByLabelText(ja.eventAt), { target: { value: '2026-12-01T10:00:00+09:00' } });
    fireEvent.change(screen.getByLabelText(ja.eventWhat), { target: { value: 'C2 通信' } });
    fireEvent.change(screen.getByLabelText(ja.outage), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText(ja.eventIndicators), { target: { value: '198.51.100.7\n\nevil.example' } });
    fireEvent.click(screen.getByRole('button', { name: ja.addEvent }));
    expect((await screen.findByText(/C2 通信/)).textContent).toBe('2026-12-01T10:00:00+09:00 — C2 通信 (監視) · 指標: 198.51.100.7, evil.example');
    await waitFor(() => expect(screen.getByTestId('damage').textContent).toContain('2億2,500万円'));
    expect([...screen.getByTestId('damage').querySelectorAll('p')].map((p) => p.textContent)).toEqual([
      '2億2,500万円 (¥225,000,000)',
      '時間あたり売上高 = 年間売上高 300億円 ÷ (営業日 240日 × 8時間) = 1,562万5,000円（¥15,625,000）',
      '暫定被害額 = 時間あたり売上高 × 停止時間 72時間 × 影響度 20%（被害 2 ÷ 全 10） = 2億2,500万円（¥225,000,000）',
    ]);

    // A manual impact of 50 % overrides the triage share; emptying it goes back to the triage.
    fireEvent.change(screen.getByLabelText(ja.impactOverride), { target: { value: '50' } });
    fireEvent.click(screen.getByRole('button', { name: ja.save }));
    await waitFor(() => expect(screen.getByTestId('damage').querySelector('p')!.textContent).toBe('5億6,250万円 (¥562,500,000)'));
    fireEvent.change(screen.getByLabelText(ja.impactOverride), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: ja.save }));
    await waitFor(() => expect(screen.getByTestId('damage').querySelector('p')!.textContent).toBe('2億2,500万円 (¥225,000,000)'));

    fireEvent.change(screen.getByLabelText(ja.s), { target: { value: '利用者が身代金要求画面を見た' } });
    fireEvent.change(screen.getByLabelText(ja.p), { target: { value: '端末を隔離\nパスワード変更' } });
    fireEvent.click(screen.getByRole('button', { name: ja.addNote }));
    await waitFor(() => expect((screen.getByLabelText(ja.s) as HTMLTextAreaElement).value).toBe(''));
    const note = await screen.findByRole('article');
    expect([...note.querySelectorAll('dd')].map((d) => d.textContent)).toEqual(['利用者が身代金要求画面を見た', '—', '—', `端末を隔離パスワード変更${ja.planToTasks.replace('{id}', note.dataset.note!)}`]);
    fireEvent.click(within(note).getByRole('button', { name: ja.planToTasks.replace('{id}', note.dataset.note!) }));
    await waitFor(() => expect([...screen.getByTestId('tasks').querySelectorAll('li')].map((li) => li.dataset.task).slice(4)).toEqual(['端末を隔離', 'パスワード変更']));
    // A revision keeps the first text and shows the new one.
    fireEvent.click(within(note).getByRole('button', { name: ja.revise.replace('{id}', note.dataset.note!) }));
    fireEvent.change(within(note).getByLabelText(ja.a), { target: { value: 'ランサムウェア LockBit の亜種' } });
    fireEvent.click(within(note).getByRole('button', { name: ja.reviseSave }));
    await waitFor(() => expect(screen.getByRole('article').querySelectorAll('dd')[2]!.textContent).toBe('ランサムウェア LockBit の亜種'));
    expect(screen.getByRole('article').querySelector('h4')!.textContent).toMatch(/ — aoba-admin \(第2版（全2版）\)$/);

    fireEvent.click(screen.getByRole('button', { name: '「対応中」にする' }));
    await waitFor(() => expect(screen.getByTestId('case-state').textContent).toBe('対応中'));

    fireEvent.change(screen.getByLabelText(ja.shareIndicators), { target: { value: '198.51.100.7\n10.0.0.8' } });
    fireEvent.click(screen.getByRole('button', { name: ja.sharePreview }));
    expect((await screen.findByTestId('refused')).textContent).toBe('次の値は組織内部の情報のため共有できません: 10.0.0.8');
    fireEvent.change(screen.getByLabelText(ja.shareIndicators), { target: { value: '198.51.100.7' } });
    fireEvent.click(screen.getByRole('button', { name: ja.sharePreview }));
    expect(JSON.parse((await screen.findByTestId('safe-status')).textContent!)).toEqual({ status: 'affected', triage: { black: 0, red: 2, yellow: 0, green: 8, untriaged: 0 }, malwareFamilies: [], indicators: ['198.51.100.7'], tlp: 'amber', asOf: expect.any(Number) });

    // The management report: PDF and Markdown in the page's language first, then the other; the link answers the report.
    const caseId = ((await t.api(t.users.aAdmin, 'GET', '/api/v1/cases')).json as { cases: Array<{ id: number }> }).cases[0]!.id;
    const links = [...screen.getByTestId('report-downloads').querySelectorAll('a')].map((a) => [a.textContent, a.getAttribute('href')]);
    const r = `${t.url}/api/v1/cases/${caseId}`;
    expect(links).toEqual([
      ['経営層向け報告書をダウンロード（PDF・日本語）', `${r}/report.pdf?lang=ja`],
      ['経営層向け報告書をダウンロード（PDF・英語）', `${r}/report.pdf?lang=en`],
      ['経営層向け報告書をダウンロード（Markdown・日本語）', `${r}/report.md?lang=ja`],
      ['経営層向け報告書をダウンロード（Markdown・英語）', `${r}/report.md?lang=en`],
      ['ケースの全データ（JSON）', `${r}/export?format=json&lang=ja`],
    ]);
    const md = await fetch(links[2]![1]!, { headers: { authorization: `Bearer ${t.users.aAdmin.key}` } });
    expect([md.status, (await md.text()).split('\n')[0]]).toEqual([200, '# インシデント報告書: ランサムウェア感染']);
  });

  it('pages, filters and tags hosts, and works tasks, in Japanese', async () => {
    const ja = hm.ja;
    renderCases('ja');
    fireEvent.change(await screen.findByLabelText(casesMessages.ja.newTitle), { target: { value: '多数端末の感染' } });
    fireEvent.click(screen.getByRole('button', { name: casesMessages.ja.create }));
    await screen.findByRole('heading', { name: '多数端末の感染' });
    // 250 hosts (every fifth red), one row over-long and one with a missing field: both reported in Japanese.
    const rows = ['name,address,tag', ...Array.from({ length: 250 }, (_, i) => `ws${String(i).padStart(3, '0')},192.168.${i >> 8}.${i & 255},${i % 5 === 0 ? 'red' : ''}`)];
    rows.splice(3, 0, `${'x'.repeat(256)},,`, 'only-name');
    fireEvent.change(screen.getByLabelText(ja.importTitle), { target: { value: rows.join('\n') } });
    fireEvent.click(screen.getByRole('button', { name: ja.importDo }));
    expect(within(await screen.findByTestId('import-result')).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      '4行目: name が255文字を超えています',
      '5行目: フィールド数が3のはずが1です',
    ]);
    await waitFor(() => expect(screen.getByTestId('host-range').textContent).toBe('ホスト 1〜100件目（全250件）'));
    const names = () => [...document.querySelectorAll('tr[data-host]')].map((tr) => (tr as HTMLElement).dataset.host);
    expect(names().slice(0, 2)).toEqual(['ws000', 'ws001']);
    fireEvent.click(screen.getByRole('button', { name: ja.next }));
    await waitFor(() => expect(screen.getByTestId('host-range').textContent).toBe('ホスト 101〜200件目（全250件）'));
    expect(names()[0]).toBe('ws100');
    fireEvent.click(screen.getByRole('button', { name: ja.next }));
    await waitFor(() => expect(screen.getByTestId('host-range').textContent).toBe('ホスト 201〜250件目（全250件）'));
    expect((screen.getByRole('button', { name: ja.next }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: ja.prev }));
    await waitFor(() => expect(names()[0]).toBe('ws100'));

    // Filter: red hosts whose address contains "192.168.0.2" → ws020, ws025 … ws255? only those ≤ 255 on 192.168.0.x.
    fireEvent.change(screen.getByLabelText(ja.filterTag), { target: { value: 'red' } });
    fireEvent.change(screen.getByLabelText(ja.filterText), { target: { value: '192.168.0.2' } });
    fireEvent.click(screen.getByRole('button', { name: ja.search }));
    await waitFor(() => expect(names()).toEqual(['ws020', 'ws025', 'ws200', 'ws205', 'ws210', 'ws215', 'ws220', 'ws225', 'ws230', 'ws235', 'ws240', 'ws245']));
    expect(screen.getByTestId('host-range').textContent).toBe('ホスト 1〜12件目（全12件）');

    // A tag change needs a reason; with one, the history and the case's counts follow.
    fireEvent.change(screen.getByLabelText(ja.tagOf.replace('{name}', 'ws020')), { target: { value: 'black' } });
    expect((await screen.findByRole('alert')).textContent).toBe(ja.reasonNeeded);
    expect((screen.getByLabelText(ja.tagOf.replace('{name}', 'ws020')) as HTMLSelectElement).value).toBe('red');
    fireEvent.change(screen.getByLabelText(ja.reason), { target: { value: '上書き型と判明' } });
    fireEvent.change(screen.getByLabelText(ja.tagOf.replace('{name}', 'ws020')), { target: { value: 'black' } });
    await waitFor(() => expect(screen.getByTestId('host-notice').textContent).toBe('ws020を「黒 (0)」にしました'));
    await waitFor(() => expect(screen.getByRole('row', { name: /black \(0\)/ }).textContent).toContain('1台'));
    await waitFor(() => expect(names()).not.toContain('ws020'));
    // Select the page and tag it at once.
    fireEvent.click(screen.getByLabelText(ja.colSelect));
    fireEvent.change(screen.getByLabelText(ja.bulkTag), { target: { value: 'yellow' } });
    fireEvent.click(screen.getByRole('button', { name: '選択した11台のタグを変更' }));
    await waitFor(() => expect(screen.getByTestId('host-notice').textContent).toBe('11台を「黄 (II)」にしました'));
    await waitFor(() => expect(screen.getByText(ja.none)).toBeTruthy());
    await waitFor(() => expect(screen.getByRole('row', { name: /yellow \(II\)/ }).textContent).toContain('11台'));
    fireEvent.change(screen.getByLabelText(ja.filterTag), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText(ja.filterText), { target: { value: 'ws020' } });
    fireEvent.click(screen.getByRole('button', { name: ja.search }));
    await waitFor(() => expect(names()).toEqual(['ws020']));
    fireEvent.click(screen.getByRole('button', { name: ja.history }));
    const hist = await screen.findByRole('list', { name: ja.historyOf.replace('{name}', 'ws020') });
    expect(within(hist).getAllByRole('listitem').map((li) => li.textContent!.replace(/^.*?: /, ''))).toEqual(['新規 → 赤 (I) — CSV import', '赤 (I) → 黒 (0) — 上書き型と判明']);

    // Tasks: move one, add one with a due time.
    fireEvent.change(screen.getByLabelText(ja.taskStateOf.replace('{title}', '被害を把握する')), { target: { value: 'done' } });
    await waitFor(() => expect(document.querySelector('li[data-task="被害を把握する"]')?.getAttribute('data-state')).toBe('done'));
    fireEvent.change(screen.getByLabelText(ja.taskAdd), { target: { value: '経営層へ報告' } });
    fireEvent.change(screen.getByLabelText(ja.taskDue), { target: { value: '2020-01-01T09:00' } });
    fireEvent.click(screen.getByRole('button', { name: ja.taskAddDo }));
    const added = await waitFor(() => {
      const li = document.querySelector('li[data-task="経営層へ報告"]');
      expect(li).not.toBeNull();
      return li!;
    });
    expect([added.getAttribute('data-state'), added.textContent!.includes(ja.taskOverdue)]).toEqual(['open', true]);
  });

  it('lists the case in English', async () => {
    const en = casesMessages.en;
    renderCases('en');
    const link = await screen.findByRole('link', { name: 'ランサムウェア感染' });
    expect(link.closest('tr')!.textContent).toContain('in progress');
    expect(screen.getByRole('columnheader', { name: en.colHosts })).toBeTruthy();
    fireEvent.change(screen.getByLabelText(en.revenue), { target: { value: '12000000000' } });
    fireEvent.change(screen.getByLabelText(en.days), { target: { value: '245' } });
    fireEvent.click(screen.getByRole('button', { name: en.save }));
    expect((await screen.findByRole('status')).textContent).toBe(' ✓');
    expect((await t.api(t.users.aAnalyst, 'GET', '/api/v1/cases/settings')).json).toEqual({ annualRevenueYen: '12000000000', businessDays: 245, hoursPerDay: null });
    fireEvent.click(link);
    expect(await screen.findByRole('heading', { name: en.triage })).toBeTruthy();
    expect(screen.getByRole('row', { name: /black \(0\)/ }).textContent).toContain('Infected by an overwriting file infector; files cannot be disinfected — rebuild.');
    expect([...screen.getByTestId('report-downloads').querySelectorAll('a')].map((a) => a.textContent).slice(0, 2)).toEqual(['Download the report for management (PDF, English)', 'Download the report for management (PDF, Japanese)']);
  });
});

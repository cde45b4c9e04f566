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
    const tasks = screen.getByRole('heading', { name: ja.tasks }).nextElementSibling as HTMLElement;
    expect(within(tasks).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['[ ] 不正なファイルを見つける', '[ ] 感染した環境を把握する', '[ ] 被害を把握する', '[ ] 原因と侵入経路を特定する']);

    const csv = ['name,tag', ...Array.from({ length: 10 }, (_, i) => `pc${i},${i < 2 ? 'red' : 'green'}`), 'bad,purple'].join('\n');
    fireEvent.change(screen.getByLabelText(ja.importTitle), { target: { value: csv } });
    fireEvent.click(screen.getByRole('button', { name: ja.importDo }));
    const status = await screen.findByRole('status');
    expect(within(status).getAllByText(/./).map((e) => e.textContent)).toEqual(['10台を登録、エラー1行', '12行目: unknown tag "purple": use black, red, yellow, green, untriaged']);
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
    await waitFor(() => expect(screen.getByTestId('damage').textContent).toContain('2億2,500万円'));
    expect([...screen.getByTestId('damage').querySelectorAll('p')].map((p) => p.textContent)).toEqual([
      '2億2,500万円 (¥225,000,000)',
      '時間あたり売上高 = 年間売上高 300億円 ÷ (営業日 240日 × 8時間) = 1,562万5,000円（¥15,625,000）',
      '暫定被害額 = 時間あたり売上高 × 停止時間 72時間 × 影響度 20%（被害 2 ÷ 全 10） = 2億2,500万円（¥225,000,000）',
    ]);

    fireEvent.change(screen.getByLabelText(ja.s), { target: { value: '利用者が身代金要求画面を見た' } });
    fireEvent.change(screen.getByLabelText(ja.p), { target: { value: '端末を隔離\nパスワード変更' } });
    fireEvent.click(screen.getByRole('button', { name: ja.addNote }));
    await waitFor(() => expect((screen.getByLabelText(ja.s) as HTMLTextAreaElement).value).toBe(''));

    fireEvent.click(screen.getByRole('button', { name: '「対応中」にする' }));
    await waitFor(() => expect(screen.getByTestId('case-state').textContent).toBe('対応中'));

    fireEvent.change(screen.getByLabelText(ja.shareIndicators), { target: { value: '198.51.100.7\n10.0.0.8' } });
    fireEvent.click(screen.getByRole('button', { name: ja.sharePreview }));
    expect((await screen.findByTestId('refused')).textContent).toBe('次の値は組織内部の情報のため共有できません: 10.0.0.8');
    fireEvent.change(screen.getByLabelText(ja.shareIndicators), { target: { value: '198.51.100.7' } });
    fireEvent.click(screen.getByRole('button', { name: ja.sharePreview }));
    expect(JSON.parse((await screen.findByTestId('safe-status')).textContent!)).toEqual({ status: 'affected', triage: { black: 0, red: 2, yellow: 0, green: 8, untriaged: 0 }, malwareFamilies: [], indicators: ['198.51.100.7'], tlp: 'amber', asOf: expect.any(Number) });
  });

  it('lists the case in English', async () => {
    const en = casesMessages.en;
    renderCases('en');
    const link = await screen.findByRole('link', { name: 'ランサムウェア感染' });
    expect(link.closest('tr')!.textContent).toContain('in progress');
    expect(screen.getByRole('columnheader', { name: en.colHosts })).toBeTruthy();
    fireEvent.click(link);
    expect(await screen.findByRole('heading', { name: en.triage })).toBeTruthy();
    expect(screen.getByRole('row', { name: /black \(0\)/ }).textContent).toContain('Infected by an overwriting file infector; files cannot be disinfected — rebuild.');
  });
});

// @vitest-environment jsdom
/**
 * The reports page against a real hub on loopback: a hub admin builds a members-only draft of November
 * 2026 from the seeded statistics, edits the situation, publishes it, and sees version 1 with its
 * figures and citation lines; an analyst sees the published report but no builder — in Japanese and English.
 */
import { cleanup, configure, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useMemo, useState } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startReportTestHub, type ReportTestHub } from '../../../hub/reports/test-harness.ts';
import { I18nProvider } from '../../i18n/i18n.tsx';
import { reportsMessages } from './messages.ts';
import { ReportsView } from './reports-page.tsx';
import { reportsApi } from './reports-api.ts';

configure({ asyncUtilTimeout: 15000 });
let t: ReportTestHub;
beforeAll(async () => {
  t = await startReportTestHub({ seed: { days: 40, fromMs: Date.UTC(2026, 9, 22) } });
}, 120_000);
afterAll(async () => t?.close());
afterEach(cleanup);

function Harness({ who }: { who: 'hubAdmin' | 'analyst' }) {
  const api = useMemo(() => reportsApi({ base: t.url, headers: () => ({ authorization: `Bearer ${t.users[who].key}` }) }), [who]);
  const [id, setId] = useState<number | null>(null);
  return <ReportsView api={api} admin={who === 'hubAdmin'} id={id} onOpen={setId} />;
}

describe('reports page', () => {
  it('builds, edits and publishes a report in Japanese', async () => {
    const ja = reportsMessages.ja;
    render(
      <I18nProvider lang="ja">
        <Harness who="hubAdmin" />
      </I18nProvider>,
    );
    expect(await screen.findByText(ja.empty)).toBeTruthy();
    // The alert level: green by default with its criteria; the hub admin sets yellow with a reason.
    const panel = await screen.findByRole('region', { name: ja.alertTitle });
    expect(panel.querySelector('[data-level]')!.textContent).toBe(ja['level.green']);
    fireEvent.change(screen.getByLabelText(ja.setLevel), { target: { value: 'yellow' } });
    fireEvent.change(screen.getByLabelText(ja.reason), { target: { value: 'Telnetへの走査が3倍に増加' } });
    fireEvent.click(screen.getByRole('button', { name: ja.setLevel }));
    await waitFor(() => expect(panel.querySelector('[data-level]')!.textContent).toBe(ja['level.yellow']));
    expect(panel.textContent).toContain('注意：重要な新しい脅威を追跡中です');
    expect(panel.textContent).toContain('Telnetへの走査が3倍に増加');
    fireEvent.change(screen.getByLabelText(ja.periodStart), { target: { value: '2026-11-01' } });
    fireEvent.click(screen.getByRole('button', { name: ja.create }));
    expect(await screen.findByRole('heading', { name: 'Renkei 脅威動向レポート 2026年11月' })).toBeTruthy();
    const situation = screen.getAllByLabelText(ja.paragraphs)[0]!;
    fireEvent.change(situation, { target: { value: '11月下旬にTelnetへの走査が増加しました。' } });
    fireEvent.click(screen.getAllByRole('button', { name: ja.save })[0]!);
    await waitFor(() => expect((screen.getAllByLabelText(ja.paragraphs)[0] as HTMLTextAreaElement).value).toBe('11月下旬にTelnetへの走査が増加しました。'));
    fireEvent.click(screen.getByRole('button', { name: ja.publish }));
    expect(await screen.findByText(ja.immutable)).toBeTruthy();
    expect(screen.getByText('11月下旬にTelnetへの走査が増加しました。')).toBeTruthy();
    expect(screen.getAllByText('出典：Renkei コミュニティ統計（2026年11月、会員6社・センサー6台）').length).toBe(4);
    expect(screen.getByRole('button', { name: ja.correct })).toBeTruthy();
    const ports = screen.getByRole('region', { name: '宛先ポート上位' });
    expect(ports.querySelectorAll('tbody tr')[0]!.firstElementChild!.textContent).toBe('23/TCP');
  }, 60_000);

  it('shows the published report to an analyst in English, without the builder', async () => {
    const en = reportsMessages.en;
    render(
      <I18nProvider lang="en">
        <Harness who="analyst" />
      </I18nProvider>,
    );
    const link = await screen.findByRole('link', { name: 'Renkei 脅威動向レポート 2026年11月' });
    expect(screen.queryByRole('button', { name: en.create })).toBeNull();
    expect(screen.queryByRole('button', { name: en.suggest })).toBeNull();
    expect(screen.getByRole('region', { name: en.alertTitle }).querySelector('[data-level]')!.textContent).toBe(en['level.yellow']);
    // The column header and the row's state.
    expect(screen.getAllByText(en.published).length).toBe(2);
    fireEvent.click(link);
    expect(await screen.findByText(en.immutable)).toBeTruthy();
    expect(screen.queryByRole('button', { name: en.correct })).toBeNull();
  }, 60_000);
});

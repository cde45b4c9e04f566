// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { act, cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWebApi } from './api/hub-client.ts';
import { App } from './app.tsx';
import { en } from './i18n/en.ts';
import { ja } from './i18n/ja.ts';
import type { SearchView } from './lib/search-state.ts';
import { memberHit, scriptedHub, type ScriptedHub } from './test-support/scripted-hub.ts';

// Suites run in parallel on a busy machine: give asynchronous renders more than the default second.
configure({ asyncUtilTimeout: 8000 });

let hub: ScriptedHub;
beforeAll(() => {
  // jsdom does no layout; give the virtualised table's scroll box the size a laptop window would.
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 1000 });
});
beforeEach(() => {
  localStorage.clear();
  window.location.hash = '';
  hub = scriptedHub();
});
afterEach(cleanup);

function renderApp(lang?: 'ja' | 'en') {
  return render(<App api={createWebApi('', hub.fetch)} {...(lang ? { lang } : {})} />);
}

async function signIn(password = hub.state.password) {
  fireEvent.change(await screen.findByLabelText(en['signIn.login']), { target: { value: 'analyst-a' } });
  fireEvent.change(screen.getByLabelText(en['signIn.password']), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: en['signIn.submit'] }));
}

describe('sign-in and language', () => {
  it('shows the sign-in page in Japanese by default and switches to English, remembering the choice', async () => {
    renderApp();
    expect(await screen.findByRole('heading', { name: ja['signIn.title'] })).toBeTruthy();
    expect(document.documentElement.lang).toBe('ja');
    fireEvent.click(screen.getByRole('button', { name: 'English' }));
    expect(await screen.findByRole('heading', { name: en['signIn.title'] })).toBeTruthy();
    expect(localStorage.getItem('renkei.lang')).toBe('en');
    expect(document.documentElement.lang).toBe('en');
  });

  it('explains a wrong password, then signs in and shows the navigation; sign-out sends the CSRF token', async () => {
    renderApp('en');
    await signIn('wrong password');
    expect((await screen.findByRole('alert')).textContent).toBe(en['signIn.failed']);
    await signIn();
    expect(await screen.findByRole('navigation', { name: en['nav.main'] })).toBeTruthy();
    expect(screen.getByRole('link', { name: en['nav.members'] })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: en['nav.signOut'] }));
    expect(await screen.findByRole('heading', { name: en['signIn.title'] })).toBeTruthy();
    const del = hub.calls.find((c) => c.method === 'DELETE' && c.path === '/session');
    expect(del?.headers['x-csrf-token']).toBe('csrf-123');
  });

  it('shows the lockout message from the stable code, whatever the English text says', async () => {
    hub.state.failNext = { path: '/session', status: 429, code: 'sign_in_locked', message: 'no word of it matters' };
    renderApp('en');
    await signIn();
    expect((await screen.findByRole('alert')).textContent).toBe(en['signIn.locked']);
  });

  it('says the address is rate-limited (not the login locked) for the per-address limit', async () => {
    hub.state.failNext = { path: '/session', status: 429, code: 'rate_limited', message: 'account locked' };
    renderApp('en');
    await signIn();
    expect((await screen.findByRole('alert')).textContent).toBe(en['error.rateLimited']);
  });
});

describe('cross-search', () => {
  it('shows normalisation problems before the search, streams member progress, and opens a hit context', async () => {
    hub.state.holdings['198.51.100.7'] = { alpha: [memberHit('alpha', '198.51.100.7')], charlie: [memberHit('charlie', '198.51.100.7'), memberHit('charlie', '198.51.100.7', { match: 'cidr', warninglists: ['RFC 5737 documentation'] })] };
    renderApp('en');
    await signIn();
    const box = await screen.findByLabelText(en['search.valuesLabel']);
    fireEvent.change(box, { target: { value: '198.51.100[.]7\n203.0.113.9\nthis is not an indicator\n198.51.100.7' } });
    expect(screen.getByText(/1 lines could not be read/)).toBeTruthy();
    expect(screen.getByText((_, el) => el?.tagName === 'LI' && /^Line 3: this is not an indicator — .+/.test(el.textContent ?? ''))).toBeTruthy();
    expect(screen.getByText(/1 duplicates removed/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Search 2 values' }));

    await waitFor(() => expect(screen.getByText(en['progress.complete'])).toBeTruthy(), { timeout: 5000 });
    const sent = hub.calls.find((c) => c.method === 'POST' && c.path === '/searches');
    expect(sent?.body).toEqual({ values: ['198.51.100[.]7', '203.0.113.9'] });
    expect(sent?.headers.accept).toBe('application/x-ndjson');
    expect(screen.getByTestId('member-hits-alpha').textContent).toBe('1');
    expect(screen.getByTestId('member-hits-bravo').textContent).toBe('0');
    expect(screen.getByTestId('member-hits-charlie').textContent).toBe('2');
    expect(screen.getByTestId('results-summary').textContent).toContain('2 values, 1 with hits');

    const table = screen.getByRole('table', { name: en['results.tableLabel'] });
    fireEvent.click(within(table).getByRole('button', { name: '198.51.100.7' }));
    const ctx = await screen.findByRole('region', { name: /Hit context/ });
    expect(within(ctx).getAllByText('BlackTech C2 seen by charlie')).toHaveLength(2);
    expect(within(ctx).getByText(en['match.cidr'])).toBeTruthy();
    expect(within(ctx).getByText(/RFC 5737 documentation/)).toBeTruthy();
    expect(within(ctx).getAllByText('VPS/Cloud: Amazon AWS').length).toBeGreaterThan(0);

    fireEvent.click(screen.getByLabelText(en['filter.onlyHits']));
    await waitFor(() => expect(within(table).queryByRole('button', { name: '203.0.113.9' })).toBeNull());
  });

  it('reads a dropped CSV file: indicator columns kept, other cells only counted', async () => {
    renderApp('en');
    await signIn();
    const csv = readFileSync(path.resolve(process.cwd(), '../shared/data/iocs/abusech-threatfox/full_urls.csv'), 'utf8').split('\n').slice(0, 60).join('\n');
    const zone = (await screen.findByLabelText(en['search.valuesLabel'])).closest('.dropzone')!;
    fireEvent.drop(zone, { dataTransfer: { files: [new File([csv], 'threatfox.csv', { type: 'text/csv' })] } });
    expect(await screen.findByText('Loaded threatfox.csv')).toBeTruthy();
    const ready = screen.getByText(/values ready to search\./).textContent!;
    expect(Number(ready.match(/^(\d+) values/)![1])).toBeGreaterThanOrEqual(45);
    expect(ready).toContain('url:');
    expect(screen.getByText(/cells that are not indicators ignored/)).toBeTruthy();
    expect(screen.queryByText(/lines could not be read/)).toBeNull();
  });

  it('shows each past search’s status and never an interrupted search as 0 hits', async () => {
    hub.state.summaries.push(
      { id: 'cut-off', createdAt: Date.UTC(2026, 10, 1, 9), user: 'analyst-a', status: 'interrupted', valueCount: 853, hitValueCount: null, resultKept: false },
      { id: 'some-failed', createdAt: Date.UTC(2026, 10, 1, 8), user: 'analyst-a', status: 'partial', valueCount: 20, hitValueCount: 0, resultKept: true },
    );
    renderApp('en');
    await signIn();
    act(() => {
      window.location.hash = '#/history';
    });
    fireEvent(window, new HashChangeEvent('hashchange'));
    const cut = (await screen.findByText(en['history.status.interrupted'])).closest('tr')!;
    expect(cut.textContent).toContain(en['history.hitsUnknown']);
    expect([...cut.querySelectorAll('td.num')].map((td) => td.textContent)).toEqual(['853', en['history.hitsUnknown']]);
    expect(cut.querySelector('a')).toBeNull();
    const partial = screen.getByText(en['history.status.partial']).closest('tr')!;
    expect([...partial.querySelectorAll('td.num')].map((td) => td.textContent)).toEqual(['20', '0']);
    expect(partial.querySelector('a')?.textContent).toBe(en['history.open']);
  });

  it('the past search opens from the history; another organisation’s search reads as not found', async () => {
    hub.state.holdings['192.0.2.1'] = { bravo: [memberHit('bravo', '192.0.2.1')] };
    renderApp('en');
    await signIn();
    fireEvent.change(await screen.findByLabelText(en['search.valuesLabel']), { target: { value: '192.0.2.1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Search 1 values' }));
    await waitFor(() => expect(screen.getByText(en['progress.complete'])).toBeTruthy(), { timeout: 5000 });

    act(() => {
      window.location.hash = '#/history';
    });
    fireEvent(window, new HashChangeEvent('hashchange'));
    const open = await screen.findByRole('link', { name: en['history.open'] });
    act(() => {
      window.location.hash = open.getAttribute('href')!;
    });
    fireEvent(window, new HashChangeEvent('hashchange'));
    expect(await screen.findByRole('heading', { name: en['searchDetail.title'] })).toBeTruthy();
    expect(await screen.findByTestId('member-hits-bravo')).toBeTruthy();

    act(() => {
      window.location.hash = '#/search/someone-elses';
    });
    fireEvent(window, new HashChangeEvent('hashchange'));
    expect((await screen.findByRole('alert')).textContent).toContain(en['error.notFound']);
  });
});

describe('admin pages', () => {
  it('adds a source and shows a readable connection test and the latency chart', async () => {
    window.location.hash = '#/members';
    renderApp('en');
    await signIn();
    expect(await screen.findByRole('heading', { name: 'alpha' })).toBeTruthy();
    fireEvent.change(screen.getByLabelText(en['sources.url']), { target: { value: 'https://misp.bravo.example' } });
    fireEvent.change(screen.getByLabelText(en['sources.kind']), { target: { value: 'misp' } });
    fireEvent.change(screen.getByLabelText(en['sources.apiKey']), { target: { value: 'k'.repeat(40) } });
    fireEvent.click(screen.getByRole('button', { name: en['sources.addButton'] }));
    expect(await screen.findByText(/Source https:\/\/misp.bravo.example added/)).toBeTruthy();
    expect(await screen.findByText('https://misp.bravo.example')).toBeTruthy();
    const post = hub.calls.find((c) => c.method === 'POST' && c.path === '/members/1/sources');
    expect(post?.body).toEqual({ kind: 'misp', url: 'https://misp.bravo.example', apiKey: 'k'.repeat(40), verifyTls: true });

    fireEvent.click(screen.getAllByRole('button', { name: en['sources.test'] })[0]!);
    expect((await screen.findByTestId('source-check')).textContent).toBe('Connected in 23 ms. Version 0.1.0.');
    fireEvent.click(screen.getAllByRole('button', { name: en['sources.health'] })[0]!);
    expect(await screen.findByRole('img', { name: en['chart.latency'] })).toBeTruthy();
  });

  it('lets a hub admin add a member; a member admin sees no such form', async () => {
    hub = scriptedHub({ me: { user: { id: 9, login: 'admin', org: 'Renkei Hub', role: 'hub-admin', locale: 'ja' }, csrfToken: 'csrf-admin' } });
    window.location.hash = '#/members';
    renderApp('en');
    await signIn();
    fireEvent.change(await screen.findByLabelText(en['members.name']), { target: { value: 'Momiji CERT' } });
    fireEvent.click(screen.getByRole('button', { name: en['members.addButton'] }));
    expect(await screen.findByRole('heading', { name: 'Momiji CERT' })).toBeTruthy();
    expect(hub.calls.find((c) => c.method === 'POST' && c.path === '/members')?.headers['x-csrf-token']).toBe('csrf-admin');
    cleanup();
    hub = scriptedHub();
    renderApp('en');
    await signIn();
    await screen.findByRole('heading', { name: 'alpha' });
    expect(screen.queryByLabelText(en['members.name'])).toBeNull();
  });

  it('lists hits on our data with a searcher filter', async () => {
    hub.state.hits = [
      { member: 'alpha', searcherOrg: 'bravo', value: '198.51.100.7', type: 'ip-dst', match: 'exact', attributeUuid: 'u1', eventUuid: 'e1', eventInfo: 'BlackTech', at: 1_700_000_000 },
      { member: 'alpha', searcherOrg: 'charlie', value: 'evil.example', type: 'domain', match: 'subdomain', attributeUuid: 'u2', eventUuid: 'e2', at: 1_700_000_100 },
    ];
    window.location.hash = '#/hits';
    renderApp('en');
    await signIn();
    const table = await screen.findByTestId('owner-hits');
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    fireEvent.change(screen.getByLabelText(en['hits.searcher']), { target: { value: 'charlie' } });
    await waitFor(() => expect(within(screen.getByTestId('owner-hits')).getAllByRole('row')).toHaveLength(2));
    expect(screen.getByText('evil.example')).toBeTruthy();
  });

  it('creates an API key and shows the secret once', async () => {
    window.location.hash = '#/org';
    renderApp('en');
    await signIn();
    expect(await screen.findByText('rk_ab…')).toBeTruthy();
    fireEvent.change(screen.getByLabelText(en['org.keyLabel']), { target: { value: 'siem' } });
    fireEvent.click(screen.getByRole('button', { name: en['org.addKey'] }));
    expect(await screen.findByText('rk_secret_value')).toBeTruthy();
  });

  it('shows an error message, not a blank page, when the hub fails', async () => {
    hub.state.failNext = { path: '/members', status: 500, code: 'internal', message: 'database is locked' };
    window.location.hash = '#/members';
    renderApp('ja');
    fireEvent.change(await screen.findByLabelText(ja['signIn.login']), { target: { value: 'a' } });
    fireEvent.change(screen.getByLabelText(ja['signIn.password']), { target: { value: hub.state.password } });
    fireEvent.click(screen.getByRole('button', { name: ja['signIn.submit'] }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(ja['error.server']);
    expect(alert.textContent).toContain('database is locked');
  });

  it('shows community statistics: top ports summed over days, the withheld note, a trend, and the baseline sentence in Japanese', async () => {
    window.location.hash = '#/stats';
    renderApp('ja');
    fireEvent.change(await screen.findByLabelText(ja['signIn.login']), { target: { value: 'a' } });
    fireEvent.change(screen.getByLabelText(ja['signIn.password']), { target: { value: hub.state.password } });
    fireEvent.click(screen.getByRole('button', { name: ja['signIn.submit'] }));
    const table = await screen.findByRole('table', { name: ja['stats.top'] });
    const rows = within(table).getAllByRole('row');
    expect(rows[1]!.textContent).toContain('445');
    expect(rows[1]!.textContent).toContain('50');
    expect(await screen.findByText(ja['stats.withheld'].replace('{count}', '1').replace('{k}', '3'))).toBeTruthy();
    expect(await screen.findByText('ポート 445 は平常時の 5 倍です。')).toBeTruthy();
    fireEvent.click(within(rows[1]!).getByRole('button', { name: ja['stats.trend'] }));
    expect(await screen.findByRole('img', { name: ja['stats.trendOf'].replace('{key}', '445') })).toBeTruthy();
  });
});

describe('large searches', () => {
  it('renders only a window of a 10,000-value result table and keeps sorting it', async () => {
    const { ResultsView } = await import('./components/results-view.tsx');
    const { I18nProvider } = await import('./i18n/i18n.tsx');
    const rows = Array.from({ length: 10_000 }, (_, i) => ({
      input: `10.0.${i >> 8}.${i & 255}`,
      type: 'ip-dst',
      value: `10.0.${i >> 8}.${i & 255}`,
      hits: (i % 7 === 0 ? { alpha: (i % 5) + 1 } : {}) as Record<string, number>,
      enrichment: null,
      details: [],
    }));
    const view: SearchView = { id: 'big', createdAt: 1_700_000_000_000, members: [{ name: 'alpha', status: 'ok', latencyMs: 3, hits: 1, error: null }], rows, rejected: [], done: true };
    render(
      <I18nProvider lang="en">
        <ResultsView view={view} />
      </I18nProvider>,
    );
    const body = screen.getByTestId('results-body');
    const rendered = within(body).getAllByRole('row');
    expect(rendered.length).toBeGreaterThan(5);
    expect(rendered.length).toBeLessThan(60);
    expect(screen.getByRole('table', { name: en['results.tableLabel'] }).getAttribute('aria-rowcount')).toBe('10001');
    // Sorted by hits, descending: the first rows are the values with 5 hits.
    expect(within(rendered[0]!).getAllByRole('cell')[2]!.textContent).toBe('5');
  });
});

describe('members that did not answer', () => {
  it('says in Japanese which member timed out, shows "—" in its column, and fills it in place on retry', async () => {
    hub.state.holdings['198.51.100.7'] = { alpha: [memberHit('alpha', '198.51.100.7')], bravo: [memberHit('bravo', '198.51.100.7'), memberHit('bravo', '198.51.100.7', { match: 'cidr' })] };
    hub.state.silent.add('bravo');
    renderApp();
    fireEvent.change(await screen.findByLabelText(ja['signIn.login']), { target: { value: 'analyst-a' } });
    fireEvent.change(screen.getByLabelText(ja['signIn.password']), { target: { value: hub.state.password } });
    fireEvent.click(screen.getByRole('button', { name: ja['signIn.submit'] }));
    fireEvent.change(await screen.findByLabelText(ja['search.valuesLabel']), { target: { value: '198.51.100.7\n203.0.113.9' } });
    fireEvent.click(screen.getByRole('button', { name: /2/ }));

    const partial = `3 会員中 2 会員が応答しました。bravo: ${ja['reason.timeout']}`;
    await waitFor(() => expect(screen.getByTestId('progress-summary').textContent).toBe(partial));
    expect(screen.queryByText(ja['progress.complete'])).toBeNull();
    expect(screen.getByTestId('member-hits-bravo').textContent).toBe('—');
    expect(screen.getByTestId('member-hits-alpha').textContent).toBe('1');
    const table = screen.getByRole('table', { name: ja['results.tableLabel'] });
    const cells = () => within(table).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell').slice(3, 6).map((c) => c.textContent));
    // Columns alpha, bravo, charlie for 198.51.100.7 (hits first) and 203.0.113.9.
    expect(cells()).toEqual([['1', '—', '0'], ['0', '—', '0']]);
    expect(within(table).getAllByTitle(`bravo からの回答なし: ${ja['reason.timeout']}`)).toHaveLength(2);

    fireEvent.click(screen.getByTestId('retry-bravo'));
    await waitFor(() => expect(screen.getByTestId('member-hits-bravo').textContent).toBe('2'));
    expect(screen.getByTestId('progress-summary').textContent).toBe(ja['progress.complete']);
    expect(cells()).toEqual([['1', '2', '0'], ['0', '0', '0']]);
    expect(hub.calls.filter((c) => c.method === 'POST').map((c) => c.path)).toEqual(['/session', '/searches', '/searches/search-1/members/bravo/retry']);
  });
});

// @vitest-environment jsdom
/**
 * The feedback components against a real hub and node on loopback, in Japanese: an analyst marks a hit
 * as a false positive without naming its organisation, the owner's node holds the sighting as "a member",
 * the hit then shows the aggregate, and "mark all as seen" reports what it did.
 */
import { cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SearchResult } from '../../contracts/hub-api.ts';
import { createHubClient as createSharedClient } from '../../client/hub-client.ts';
import { ANONYMOUS_MEMBER } from '../../core/feedback/feedback-author.ts';
import { attr, call, event } from '../../node/test-support.ts';
import { startNetwork, type TestNetwork } from '../../testkit/network.ts';
import { createWebApi } from '../api/hub-client.ts';
import { I18nProvider } from '../i18n/i18n.tsx';
import { SessionContext } from '../lib/session.tsx';
import { FeedbackBulk } from './feedback-bulk.tsx';
import { feedbackMessages } from './feedback-messages.ts';
import { FeedbackPanel } from './feedback-panel.tsx';

configure({ asyncUtilTimeout: 15_000 });
const ja = feedbackMessages.ja;
let net: TestNetwork;
let search: SearchResult;

beforeAll(async () => {
  net = await startNetwork({
    hubOverrides: { ipInfo: null },
    members: [{ name: 'Owner CERT', seed: [event('c2 servers', [attr('ip-dst', '45.2.0.1'), attr('domain', 'c2.example.com')], { tlp: 'green' })] }, { name: 'Searcher SOC', seed: [] }],
  });
  search = await createSharedClient({ baseUrl: net.hub.url, apiKey: net.users['Searcher SOC']!.analyst.key }).search({ values: ['45.2.0.1', 'c2.example.com', '8.8.4.4'] });
}, 120_000);
afterAll(async () => net?.close());
afterEach(cleanup);

function renderWith(node: React.ReactNode) {
  const key = net.users['Searcher SOC']!.analyst.key;
  const api = createWebApi(net.hub.url, (input, init) => globalThis.fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), authorization: `Bearer ${key}` } }));
  return render(
    <I18nProvider lang="ja">
      <SessionContext.Provider value={{ api, me: null, setMe: () => undefined }}>{node}</SessionContext.Provider>
    </I18nProvider>,
  );
}

describe('feedback components (ja)', () => {
  it('sends a false positive anonymously from a hit and shows the aggregate on it', async () => {
    const row = search.results[0]!;
    renderWith(<FeedbackPanel searchId={search.id} index={0} row={row} />);
    expect(await screen.findByRole('heading', { name: ja.title })).toBeTruthy();
    const hit = await screen.findByTestId('feedback-hit');
    expect(within(hit).getByText(ja.none)).toBeTruthy();
    fireEvent.change(screen.getByLabelText(ja.comment), { target: { value: 'シンクホール' } });
    fireEvent.click(within(hit).getByRole('button', { name: ja.false_positive }));
    expect(await within(hit).findByRole('button', { name: `${ja.false_positive} · ${ja['relay.relayed']}` })).toBeTruthy();
    // The panel's first load may be answered while the feedback is still being relayed (pending); the
    // reload after the answer brings the final state, so wait for it rather than reading the first render.
    await waitFor(() => {
      expect(within(hit).getByText('0 組織が観測 · 誤検知 1 · 期限切れ 0')).toBeTruthy();
      expect(within(hit).getByText(`送信済み: ${ja.false_positive} (${ja['relay.relayed']})`)).toBeTruthy();
    });
    // Nothing English on the panel: every label is from the Japanese dictionary.
    expect(document.body.textContent).not.toMatch(/False positive|Seen in our|delivered/);
    const owner = net.nodes['Owner CERT']!;
    const s = await call(`${owner.url}/sightings/restSearch`, await owner.createKey('Owner CERT', 'reader'), 'POST', {});
    expect((s.json.response as { Sighting: { value: string; type: string; source: string; Organisation: { name: string } } }[]).map((x) => [x.Sighting.value, x.Sighting.type, x.Sighting.Organisation.name, x.Sighting.source])).toEqual([
      ['45.2.0.1', '1', ANONYMOUS_MEMBER, 'renkei: シンクホール'],
    ]);
  });

  it('marks every hit of the search as seen and says what it did', async () => {
    renderWith(<FeedbackBulk searchId={search.id} />);
    fireEvent.click(await screen.findByRole('button', { name: ja.bulk }));
    expect((await screen.findByRole('status')).textContent).toBe('2 件を観測済みにしました（送信済み 0 件）: 提供者に届けた 2 件・ハブで保管 0 件・未送達 0 件');
  });
});

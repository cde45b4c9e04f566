/** DDoS room core: address lists parsed with every problem's list and position, the target rule, and the Markdown section in both languages. */
import { describe, expect, it } from 'vitest';
import { mitigationCounts, ownSpaceCsv, parseAddressLists, visibleTarget, type DdosView } from './ddos.ts';
import { ddosMarkdown } from './ddos-markdown.ts';

const view: DdosView = {
  details: { target: null, targetHidden: true, vectors: ['dns', 'syn-flood'] },
  mitigation: {
    counts: mitigationCounts([{ status: 'flowspec' }, { status: 'rtbh' }]),
    lines: [
      { status: 'flowspec', note: 'UDP/53 | 破棄', author: { anonymous: false, org: { id: 2, name: 'Tsubaki Telecom' } }, mine: false, at: 10 },
      { status: 'rtbh', note: '', author: { anonymous: true, org: { id: 3, name: 'Kinu ISP' } }, mine: false, at: 9 },
    ],
  },
  ownSpace: [{ address: '198.51.100.53', role: 'reflector', prefix: '198.51.100.0/24', reporters: 2, namedReporters: ['Umi ISAC'], firstAt: Date.UTC(2026, 11, 4, 1), lastAt: Date.UTC(2026, 11, 4, 2) }],
  ownSpaceTotal: 1,
  posts: [],
};

describe('DDoS room core', () => {
  it('parses both lists to canonical addresses, once each, reporting every bad entry with list and position', () => {
    expect(parseAddressLists({ source: [' 198.51.100.7 ', '2001:DB8::0:7', '198.51.100[.]7', 'nope'], reflector: ['::ffff:192.0.2.1', '10.0.0.300', '192.0.2.1'] })).toEqual({
      addresses: { source: ['198.51.100.7', '2001:db8::7'], reflector: ['192.0.2.1'] },
      problems: [{ list: 'source', index: 3, input: 'nope', reason: 'not an IP address' }, { list: 'reflector', index: 1, input: '10.0.0.300', reason: 'not an IP address' }],
    });
  });

  it('shows a hidden target only inside the opener organisation', () => {
    const d = { target: '203.0.113.80', targetHidden: true, vectors: [] };
    expect([visibleTarget(1, 1, d), visibleTarget(2, 1, d), visibleTarget(2, 1, { ...d, targetHidden: false })]).toEqual(['203.0.113.80', null, '203.0.113.80']);
  });

  it('renders the Markdown section in Japanese and English: hidden target, anonymous line as a member, escaped notes', () => {
    expect(ddosMarkdown(view, 'ja')).toBe([
      '## DDoS', '', '- 攻撃対象: 非公開', '- 攻撃手法: DNS リフレクション, SYN フラッド', '',
      '### ISP ごとの緩和策', '', 'エッジでのフィルタリング: 0 · RTBH（ブラックホール）: 1 · レート制限: 0 · FlowSpec: 1 · なし: 0', '',
      '| 会員 | 緩和策 | メモ |', '| --- | --- | --- |', '| Tsubaki Telecom | FlowSpec | UDP/53 \\| 破棄 |', '| ある会員 | RTBH（ブラックホール） |  |', '',
      '### 自組織のアドレス空間内の送信元・リフレクタ', '', '| 種別 | アドレス | プレフィックス | 報告 |', '| --- | --- | --- | --- |', '| リフレクタ | `198.51.100.53` | 198.51.100.0/24 | 会員 2 社 (Umi ISAC) |', '',
    ].join('\n'));
    expect(ddosMarkdown({ ...view, details: { target: '203.0.113.80', targetHidden: false, vectors: ['ntp'] }, ownSpace: [], mitigation: { counts: mitigationCounts([]), lines: [] } }, 'en')).toBe([
      '## DDoS', '', '- Target: 203.0.113.80', '- Vectors: NTP reflection', '',
      '### Mitigation by ISP', '', 'filtering at the edge: 0 · remote-triggered black hole: 0 · rate limit: 0 · FlowSpec: 0 · none: 0', '', 'None.', '',
      '### Sources and reflectors in our address space', '', 'None.', '',
    ].join('\n'));
  });

  it('writes the own-space CSV with ISO times', () => {
    expect(ownSpaceCsv(view.ownSpace)).toBe('role,address,prefix,reporters,first_seen,last_seen\nreflector,198.51.100.53,198.51.100.0/24,2,2026-12-04T01:00:00.000Z,2026-12-04T02:00:00.000Z\n');
  });
});

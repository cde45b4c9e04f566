/**
 * The management report of a fixed case (the field's worked example), compared whole in both languages:
 * every section, figure and format. The print HTML is built from the same blocks and escapes the case's text.
 */
import { describe, expect, it } from 'vitest';
import { caseReportHtml } from './case-report-html.ts';
import { formatGivenTime, formatInstant } from './case-report-doc.ts';
import { caseReportMarkdown } from './case-report.ts';
import { estimateCaseDamage } from './case-damage.ts';
import type { CaseReportInput } from './case-report-doc.ts';

const T0 = Date.UTC(2026, 11, 1, 0, 30); // 2026-12-01 09:30 JST

/** A fixed case: the field's worked example (¥30 billion, 240 days, 20 %, 72 h). */
function reportFixture(): CaseReportInput {
  const c = {
    id: 7,
    orgId: 1,
    title: 'Web改ざんとマルウェア感染',
    description: 'Public web server defaced; malware spread to the office network.',
    state: 'contained' as const,
    outcome: null,
    severity: 'high' as const,
    tlp: 'amber' as const,
    pap: 'amber' as const,
    ownerUserId: 11,
    createdBy: 11,
    createdAt: T0,
    updatedAt: T0 + 3 * 86_400_000,
    closedAt: null,
    damage: { annualRevenueYen: '30000000000', businessDays: 240, hoursPerDay: null, downtimeHoursOverride: 72, impactOverride: { affected: 200, total: 1000 } },
    linkedRoomIds: [],
    linkedObservationIds: [],
    malwareFamilies: ['Emotet'],
  };
  const counts = { black: 1, red: 2, yellow: 3, green: 4, untriaged: 5 };
  const timeline = [
    { id: 2, caseId: 7, occurredAt: '2026-12-01T10:00:00+09:00', occurredAtMs: T0 + 1_800_000, what: 'Web site taken offline', source: 'ops', outage: 'start' as const, hostIds: [], indicators: [], createdBy: 11, createdAt: T0 },
    { id: 1, caseId: 7, occurredAt: '2026-12-01T00:30:00Z', occurredAtMs: T0, what: 'Defacement | reported by a customer', source: 'helpdesk', outage: null, hostIds: [], indicators: [], createdBy: 11, createdAt: T0 },
  ];
  const tasks = [
    { id: 1, caseId: 7, title: 'Find the malicious files', ownerUserId: 11, dueAt: T0 + 86_400_000, state: 'done' as const, templateKey: 'find_files', fromNoteId: null, createdAt: T0, updatedAt: T0 },
    { id: 2, caseId: 7, title: 'Rebuild web-01', ownerUserId: null, dueAt: null, state: 'open' as const, templateKey: null, fromNoteId: 1, createdAt: T0, updatedAt: T0 },
  ];
  const notes = [
    {
      id: 1,
      caseId: 7,
      revisions: [
        { revision: 1, authorUserId: 11, authorLogin: 'yamada.taro', at: T0, subjective: 'old', objective: '', assessment: '', plan: [], attachments: [] },
        {
          revision: 2,
          authorUserId: 11,
          authorLogin: 'yamada.taro',
          at: T0 + 3_600_000,
          subjective: 'Staff saw a ransom page',
          objective: 'EDR alert on web-01',
          assessment: 'Entry through an unpatched CMS plugin',
          plan: ['Rebuild web-01', 'Patch the CMS', ' '],
          attachments: [{ name: 'edr.json', sha256: 'a'.repeat(64), size: 12 }],
        },
      ],
    },
  ];
  const repairList = [
    { id: 3, caseId: 7, name: 'file-02.corp', address: '10.0.0.3', os: 'Windows Server 2019', owner: 'suzuki', tag: 'red' as const, priority: null, updatedAt: T0 },
    { id: 1, caseId: 7, name: 'web-01.corp', address: '10.0.0.1', os: null, owner: null, tag: 'black' as const, priority: null, updatedAt: T0 },
  ];
  return { case: c, tasks, timeline, counts, notes, repairList, users: { 11: 'yamada.taro' }, estimate: estimateCaseDamage(c.damage, counts, timeline, T0) };
}

const FIXTURE_OPTIONS = { generatedAt: Date.UTC(2026, 11, 4, 1, 0), generatedBy: 'aoba-admin', utcOffsetMinutes: 540 };

const JA = String.raw`
# インシデント報告書: Web改ざんとマルウェア感染

**TLP:AMBER — 組織内と必要な取引先に限る**

- **状態**: 封じ込め済み
- **暫定被害額**: 2億2,500万円（¥225,000,000）
- **被害ホスト**: 6台 / 全15台（40%）
- **停止時間**: 72時間
- **未完了の対応**: 1

## 概要

- **ケース番号**: #7
- **重大度**: 高
- **TLP / PAP**: TLP:AMBER / PAP:AMBER
- **担当者**: yamada.taro
- **起票**: 2026-12-01 09:30 (UTC+09:00)
- **最終更新**: 2026-12-04 09:30 (UTC+09:00)
- **マルウェアファミリー**: Emotet

Public web server defaced; malware spread to the office network.

## タイムライン

| 日時 | 事象 | 情報源 |
|---|---|---|
| 2026-12-01 00:30 (UTC+00:00) | Defacement \| reported by a customer | helpdesk |
| 2026-12-01 10:00 (UTC+09:00) | [停止開始] Web site taken offline | ops |

## ホストのトリアージ

| タグ | 定義 | 台数 | 割合 |
|---|---|---:|---:|
| 黒 (0) | 上書き型ファイル感染型ウイルスに感染。ファイルは駆除できない — 再構築する。 | 1 | 6.7% |
| 赤 (I) | 非上書き型ファイル感染型ウイルスに感染。駆除に時間がかかる。 | 2 | 13.3% |
| 黄 (II) | 単体のトロイの木馬・ワームなどに感染。 | 3 | 20% |
| 緑 (III) | 現在感染の兆候はないが、隣接ネットワークで感染が確認されている。 | 4 | 26.7% |
| 未トリアージ | — | 5 | 33.3% |
| 合計 |  | 15 | 100% |

復旧の優先順位（上から順に対応）:

| # | ホスト | タグ | OS | 利用者 |
|---:|---|---|---|---|
| 1 | file-02.corp | 赤 | Windows Server 2019 | suzuki |
| 2 | web-01.corp | 黒 | — | — |

ほか8台

## 暫定被害額

- **暫定被害額**: 2億2,500万円（¥225,000,000）
- **年間売上高**: 300億円（¥30,000,000,000）
- **営業日**: 年240日 × 1日8時間
- **時間あたり売上高**: 1,562万5,000円（¥15,625,000）
- **停止時間**: 72時間 — 手入力
- **影響度**: 200台 / 全1,000台（20%） — 手入力

計算式:

- 時間あたり売上高 = 年間売上高 300億円 ÷ (営業日 240日 × 8時間) = 1,562万5,000円（¥15,625,000）
- 暫定被害額 = 時間あたり売上高 × 停止時間 72時間 × 影響度 20%（被害 200 ÷ 全 1,000） = 2億2,500万円（¥225,000,000）

時間あたり売上高は丸めずに掛け合わせ、最後に円未満を四捨五入しています（時間あたり売上高を先に丸めると被害額は小さく出ます）。

## 対応状況

| 対応 | 状態 | 担当者 | 期限 |
|---|---|---|---|
| Find the malicious files | 完了 | yamada.taro | 2026-12-02 09:30 (UTC+09:00) |
| Rebuild web-01 | 未着手 | 未割当 | — |

SOAP記録の計画（未タスク化）:

- Patch the CMS

## 分析結果と教訓

- Entry through an unpatched CMS plugin

## SOAP記録

- **記録**: #1 — 2026-12-01 10:30 (UTC+09:00) — yamada.taro (第2版)
- **S**: Staff saw a ransom page
- **O**: EDR alert on web-01
- **添付**: edr.json (SHA-256 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa)
- **A**: Entry through an unpatched CMS plugin
- **P**: Rebuild web-01 / Patch the CMS

---

2026-12-04 10:00 (UTC+09:00) に aoba-admin が作成。組織内の報告書です。
`;

const EN = String.raw`
# Incident report: Web改ざんとマルウェア感染

**TLP:AMBER — within the organisation and its clients on a need-to-know basis**

- **State**: contained
- **Provisional damage**: ¥225 million (¥225,000,000)
- **Affected hosts**: 6 of 15 (40%)
- **Downtime**: 72 h
- **Open actions**: 1

## Summary

- **Case**: #7
- **Severity**: high
- **TLP / PAP**: TLP:AMBER / PAP:AMBER
- **Owner**: yamada.taro
- **Opened**: 2026-12-01 09:30 (UTC+09:00)
- **Last updated**: 2026-12-04 09:30 (UTC+09:00)
- **Malware families**: Emotet

Public web server defaced; malware spread to the office network.

## Timeline

| When | What happened | Source |
|---|---|---|
| 2026-12-01 00:30 (UTC+00:00) | Defacement \| reported by a customer | helpdesk |
| 2026-12-01 10:00 (UTC+09:00) | [outage starts] Web site taken offline | ops |

## Host triage

| Tag | Definition | Hosts | Share |
|---|---|---:|---:|
| black (0) | Infected by an overwriting file infector; files cannot be disinfected — rebuild. | 1 | 6.7% |
| red (I) | Infected by a non-overwriting file infector; disinfection takes time. | 2 | 13.3% |
| yellow (II) | Infected by a single trojan, worm or similar program. | 3 | 20% |
| green (III) | No sign of infection now, but infection was confirmed in a neighbouring network. | 4 | 26.7% |
| not yet triaged | — | 5 | 33.3% |
| Total |  | 15 | 100% |

Repair priority (top first):

| # | Host | Tag | OS | User |
|---:|---|---|---|---|
| 1 | file-02.corp | red | Windows Server 2019 | suzuki |
| 2 | web-01.corp | black | — | — |

and 8 more

## Provisional damage

- **Provisional damage**: ¥225 million (¥225,000,000)
- **Annual revenue**: ¥30 billion (¥30,000,000,000)
- **Business days**: 240 days a year × 8 h a day
- **Revenue per hour**: ¥15.625 million (¥15,625,000)
- **Downtime**: 72 h — entered by hand
- **Impact**: 200 of 1,000 (20%) — entered by hand

Formula:

- Revenue per hour = annual revenue ¥30 billion ÷ (240 business days × 8 h) = ¥15.625 million (¥15,625,000)
- Provisional damage = revenue per hour × 72 h downtime × impact 20% (200 of 1,000 affected) = ¥225 million (¥225,000,000)

The hourly figure is multiplied unrounded and only the result is rounded to whole yen (rounding the hourly figure first understates the damage).

## Actions

| Action | State | Owner | Due |
|---|---|---|---|
| Find the malicious files | done | yamada.taro | 2026-12-02 09:30 (UTC+09:00) |
| Rebuild web-01 | open | unassigned | — |

Planned in SOAP notes (not yet tasks):

- Patch the CMS

## Findings and lessons learned

- Entry through an unpatched CMS plugin

## SOAP notes

- **Note**: #1 — 2026-12-01 10:30 (UTC+09:00) — yamada.taro (revision 2)
- **S**: Staff saw a ransom page
- **O**: EDR alert on web-01
- **Files**: edr.json (SHA-256 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa)
- **A**: Entry through an unpatched CMS plugin
- **P**: Rebuild web-01 / Patch the CMS

---

Prepared 2026-12-04 10:00 (UTC+09:00) by aoba-admin. Internal to the organisation.
`;

describe('case report', () => {
  it('renders the whole Markdown report in Japanese', () => {
    expect(caseReportMarkdown(reportFixture(), 'ja', FIXTURE_OPTIONS)).toBe(JA.slice(1));
  });

  it('renders the whole Markdown report in English', () => {
    expect(caseReportMarkdown(reportFixture(), 'en', FIXTURE_OPTIONS)).toBe(EN.slice(1));
  });

  it('names what is missing when the estimate cannot be made, and says when nothing is recorded', () => {
    const r = reportFixture();
    const md = caseReportMarkdown({ ...r, timeline: [], tasks: [], notes: [], repairList: [], estimate: { status: 'incomplete', missing: [{ field: 'annualRevenue', problem: 'missing' }, { field: 'impact', problem: 'untriaged' }] } }, 'en', FIXTURE_OPTIONS);
    expect(md).toContain('## Provisional damage\n\nInputs needed for the estimate are missing\n\n- Annual revenue: missing\n- Impact: hosts not yet triaged\n\n## Actions\n\n(none)\n\n## Findings and lessons learned\n\n- (none)\n\n## SOAP notes\n\n(none)\n');
    expect(md).toContain('- **Provisional damage**: Inputs needed for the estimate are missing\n- **Affected hosts**: 6 of 15 (40%)\n- **Open actions**: 0\n');
  });

  it('prints an A4 page with the Japanese font, escaping the case text', () => {
    const r = reportFixture();
    const html = caseReportHtml({ ...r, case: { ...r.case, title: '<script>x</script>' } }, 'ja', FIXTURE_OPTIONS);
    expect(html).toContain('@page { size: A4;');
    expect(html).toContain('font-family: "Noto Sans CJK JP"');
    expect(html).toContain('<h1>インシデント報告書: &lt;script&gt;x&lt;/script&gt;</h1>');
    expect(html).not.toContain('<script>');
    expect(html).toContain('<dt>暫定被害額</dt><dd>2億2,500万円（¥225,000,000）</dd>');
    expect(html).toContain('<tr><td>黒 (0)</td><td>上書き型ファイル感染型ウイルスに感染。ファイルは駆除できない — 再構築する。</td><td class="num">1</td><td class="num">6.7%</td></tr>');
  });

  it('shows instants in the asked zone and given times in their own zone', () => {
    expect([formatInstant(Date.UTC(2026, 11, 31, 20, 5), 540), formatInstant(Date.UTC(2026, 0, 1, 0, 0), -330), formatGivenTime('2026-12-01T09:30:00.5-05:00'), formatGivenTime('yesterday')]).toEqual([
      '2027-01-01 05:05 (UTC+09:00)',
      '2025-12-31 18:30 (UTC-05:30)',
      '2026-12-01 09:30 (UTC-05:00)',
      'yesterday',
    ]);
  });
});

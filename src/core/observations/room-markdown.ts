/** A room as a Markdown report (summary, status board, timeline, indicators), in Japanese or English. */
import { MEMBER_STATUSES, type MemberStatus } from './room.ts';
import { roomIndicators, type RoomExport } from './room-export.ts';

const L = {
  en: {
    tlp: 'TLP', severity: 'Severity', state: 'State', openedBy: 'Opened by', opened: 'Opened', updated: 'Updated', board: 'Status board', timeline: 'Timeline',
    indicators: 'Indicators', member: 'a member', none: 'None.', who: 'Member', status: 'Status', response: 'How we respond', at: 'At', type: 'Type', value: 'Value',
    statuses: { 'not-affected': 'not affected', investigating: 'investigating', affected: 'affected', contained: 'contained', recovered: 'recovered' },
    states: { open: 'open', monitoring: 'monitoring', closed: 'closed' },
    severities: { low: 'low', medium: 'medium', high: 'high', critical: 'critical' },
  },
  ja: {
    tlp: 'TLP', severity: '深刻度', state: '状態', openedBy: '開設', opened: '開設日時', updated: '更新日時', board: 'ステータスボード', timeline: 'タイムライン',
    indicators: '指標', member: 'ある会員', none: 'なし。', who: '会員', status: '状況', response: '対応', at: '日時', type: '種別', value: '値',
    statuses: { 'not-affected': '影響なし', investigating: '調査中', affected: '影響あり', contained: '封じ込め済み', recovered: '復旧済み' },
    states: { open: '対応中', monitoring: '監視中', closed: '終了' },
    severities: { low: '低', medium: '中', high: '高', critical: '緊急' },
  },
} as const;

/** Markdown metacharacters in user text are escaped so a post cannot forge structure (tables, links, HTML). */
export function mdEscape(s: string): string {
  return s.replace(/[\\`*_[\]<>|#~]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** The time as an ISO string in UTC with the zone written out. */
const when = (ms: number): string => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** Renders the report. */
export function roomMarkdown(x: RoomExport, lang: 'ja' | 'en'): string {
  const t = L[lang];
  const who = (org: string | null): string => (org === null ? t.member : mdEscape(org));
  const out: string[] = [];
  out.push(`# ${mdEscape(x.title)}`, '');
  out.push(`- ${t.tlp}: TLP:${x.tlp.toUpperCase()}`, `- ${t.severity}: ${t.severities[x.severity]}`, `- ${t.state}: ${t.states[x.state]}`);
  out.push(`- ${t.openedBy}: ${who(x.openedBy)}`, `- ${t.opened}: ${when(x.createdAt)}`, `- ${t.updated}: ${when(x.updatedAt)}`, '');
  if (x.description) out.push(mdEscape(x.description), '');
  out.push(`## ${t.board}`, '');
  out.push(MEMBER_STATUSES.map((s: MemberStatus) => `${t.statuses[s]}: ${x.counts[s]}`).join(' · '), '');
  if (x.board.length === 0) out.push(t.none, '');
  else {
    out.push(`| ${t.who} | ${t.status} | ${t.response} | ${t.at} |`, '| --- | --- | --- | --- |');
    for (const l of x.board) out.push(`| ${who(l.org)} | ${t.statuses[l.status]} | ${mdEscape(l.note)} | ${when(l.at)} |`);
    out.push('');
  }
  out.push(`## ${t.timeline}`, '');
  if (x.timeline.length === 0) out.push(t.none, '');
  for (const p of x.timeline) {
    const inds = p.indicators.length > 0 ? ` (${p.indicators.map((i) => `\`${i.value.replaceAll('`', "'")}\``).join(', ')})` : '';
    out.push(`- ${when(p.at)} — ${who(p.org)}: ${mdEscape(p.text)}${inds}`);
  }
  out.push('', `## ${t.indicators}`, '');
  const inds = roomIndicators(x);
  if (inds.length === 0) out.push(t.none);
  else {
    out.push(`| ${t.type} | ${t.value} |`, '| --- | --- |');
    for (const i of inds) out.push(`| ${i.type} | \`${i.value.replaceAll('`', "'")}\` |`);
  }
  return `${out.join('\n')}\n`;
}

/**
 * The DDoS part of a room's Markdown export, in Japanese or English. Exports leave the hub and are
 * forwarded, so a hidden target is never written (not even for the opener) and an anonymous mitigation
 * line is "a member" whoever exports; the address list is the exporting ISP's own space only.
 */
import { MITIGATIONS, type DdosView } from './ddos.ts';
import { mdEscape } from './room-markdown.ts';
import { exportOrg } from './room-export.ts';

const L = {
  en: {
    section: 'DDoS', target: 'Target', hidden: 'hidden', none: 'None.', vectors: 'Vectors', mitigation: 'Mitigation by ISP', who: 'Member', status: 'Mitigation', note: 'Note',
    member: 'a member', own: 'Sources and reflectors in our address space', role: 'Role', address: 'Address', prefix: 'Prefix', reporters: 'Reported by',
    roles: { source: 'source', reflector: 'reflector' },
    statuses: { 'edge-filtering': 'filtering at the edge', rtbh: 'remote-triggered black hole', 'rate-limit': 'rate limit', flowspec: 'FlowSpec', none: 'none' },
    vectorNames: { dns: 'DNS reflection', ntp: 'NTP reflection', memcached: 'memcached reflection', ssdp: 'SSDP reflection', cldap: 'CLDAP reflection', 'syn-flood': 'SYN flood', 'udp-flood': 'UDP flood', other: 'other' },
    members: (n: number) => `${n} member${n === 1 ? '' : 's'}`,
  },
  ja: {
    section: 'DDoS', target: '攻撃対象', hidden: '非公開', none: 'なし。', vectors: '攻撃手法', mitigation: 'ISP ごとの緩和策', who: '会員', status: '緩和策', note: 'メモ',
    member: 'ある会員', own: '自組織のアドレス空間内の送信元・リフレクタ', role: '種別', address: 'アドレス', prefix: 'プレフィックス', reporters: '報告',
    roles: { source: '送信元', reflector: 'リフレクタ' },
    statuses: { 'edge-filtering': 'エッジでのフィルタリング', rtbh: 'RTBH（ブラックホール）', 'rate-limit': 'レート制限', flowspec: 'FlowSpec', none: 'なし' },
    vectorNames: { dns: 'DNS リフレクション', ntp: 'NTP リフレクション', memcached: 'memcached リフレクション', ssdp: 'SSDP リフレクション', cldap: 'CLDAP リフレクション', 'syn-flood': 'SYN フラッド', 'udp-flood': 'UDP フラッド', other: 'その他' },
    members: (n: number) => `会員 ${n} 社`,
  },
} as const;

/** Renders the section (appended to the room report). */
export function ddosMarkdown(d: DdosView, lang: 'ja' | 'en'): string {
  const t = L[lang];
  const out: string[] = [`## ${t.section}`, ''];
  const target = d.details.targetHidden ? t.hidden : d.details.target === null ? t.none : mdEscape(d.details.target);
  out.push(`- ${t.target}: ${target}`, `- ${t.vectors}: ${d.details.vectors.map((v) => t.vectorNames[v]).join(', ')}`, '');
  out.push(`### ${t.mitigation}`, '', MITIGATIONS.map((s) => `${t.statuses[s]}: ${d.mitigation.counts[s]}`).join(' · '), '');
  if (d.mitigation.lines.length === 0) out.push(t.none, '');
  else {
    out.push(`| ${t.who} | ${t.status} | ${t.note} |`, '| --- | --- | --- |');
    for (const l of d.mitigation.lines) {
      const org = exportOrg(l.author);
      out.push(`| ${org === null ? t.member : mdEscape(org)} | ${t.statuses[l.status]} | ${mdEscape(l.note)} |`);
    }
    out.push('');
  }
  out.push(`### ${t.own}`, '');
  if (d.ownSpace.length === 0) out.push(t.none);
  else {
    out.push(`| ${t.role} | ${t.address} | ${t.prefix} | ${t.reporters} |`, '| --- | --- | --- | --- |');
    for (const a of d.ownSpace) {
      const named = a.namedReporters.length > 0 ? ` (${a.namedReporters.map(mdEscape).join(', ')})` : '';
      out.push(`| ${t.roles[a.role]} | \`${a.address}\` | ${a.prefix} | ${t.members(a.reporters)}${named} |`);
    }
  }
  return `${out.join('\n')}\n`;
}

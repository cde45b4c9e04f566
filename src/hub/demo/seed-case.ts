/**
 * The demo's incident case, made through the real cases service as a member admin would: the field's
 * worked example (¥30 bn a year, 240 business days, 72 h down, 20 % of hosts hit → ¥225,000,000), 50 hosts
 * imported from CSV across the four tags, a timeline with the outage, a SOAP note whose plan became tasks,
 * and a malware family, in progress. Host names and addresses are internal (RFC 1918) as in real life.
 */
import type { HubContext } from '../context.ts';
import type { CaseActorFull } from '../cases/case-service.ts';

/** Tags of the 50 demo hosts: 2 black, 3 red, 5 yellow, 30 green, 10 not yet triaged (impact 10 of 50). */
const TAGS = [...Array(2).fill('black'), ...Array(3).fill('red'), ...Array(5).fill('yellow'), ...Array(30).fill('green'), ...Array(10).fill('')] as string[];

/** Seeds one case in `who`'s org; returns its id. */
export async function seedDemoCase(ctx: HubContext, who: CaseActorFull): Promise<number> {
  const c = ctx.cases;
  const v = await c.create(who, {
    title: 'Web サイト改ざんとマルウェア感染（デモ）',
    description: '公開 Web サーバの改ざんを契機に、社内端末へのマルウェア感染が判明した想定のデモケースです。',
    severity: 'high',
    tlp: 'amber',
    pap: 'amber',
    template: 'first_steps',
    lang: 'ja',
    damage: { annualRevenueYen: '30000000000', businessDays: 240 },
  });
  const id = v.case.id;
  const rows = ['name,address,os,owner,tag', ...TAGS.map((t, i) => `${i === 0 ? 'web01' : `pc${String(i).padStart(3, '0')}`},192.168.10.${i + 10},${i === 0 ? 'Linux' : 'Windows 11'},${i === 0 ? 'infra' : `user${i}`},${t}`)];
  await c.importHosts(who, id, rows.join('\n'));
  const events: Array<[string, string, string, 'start' | 'end' | null]> = [
    ['2026-12-01T08:40:00+09:00', '利用者から「トップページが改ざんされている」と連絡', '問い合わせ窓口', null],
    ['2026-12-01T09:00:00+09:00', 'Web サイトを停止', '情報システム部', 'start'],
    ['2026-12-01T13:20:00+09:00', '社内端末で同じ検体を EDR が検知', 'EDR', null],
    ['2026-12-04T09:00:00+09:00', 'Web サイトを再開', '情報システム部', 'end'],
  ];
  for (const [occurredAt, what, source, outage] of events) await c.addTimelineEvent(who, id, { occurredAt, what, source, outage, hostIds: [], indicators: [] });
  const note = await c.addNote(who, id, {
    subjective: '利用者から、トップページに見覚えのない画像が表示されるとの連絡。',
    objective: 'WAF ログに CMS 管理画面への不審な POST。改ざんファイルの SHA-256 を採取。',
    assessment: 'CMS の既知の脆弱性を悪用した改ざん。配布されたローダーで社内端末 10 台が感染。',
    plan: ['CMS を最新版に更新', '感染端末を隔離して再構築', '管理者パスワードを変更'],
  }, []);
  await c.planToTasks(who, id, note.id);
  await c.update(who, id, { malwareFamilies: ['SmokeLoader'] });
  await c.transition(who, id, 'in_progress');
  return id;
}

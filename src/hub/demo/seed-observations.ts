/**
 * The demo world's observations (気付き), one community question and one open incident room, posted through
 * the real observations service (validation, read rule, audit, live events), so `npm start` shows them.
 * Needs at least four member organisations: three answers release a tally at the default k = 3.
 */
import type { ObservationDraft } from '../../core/observations/model.ts';
import type { Actor, ObservationsService } from '../observations/observations-service.ts';

export interface SeededObservations {
  observations: number[];
  question: number;
  room: number;
}

type Input = Omit<ObservationDraft, 'indicators'> & { indicators: string[] };

const HOUR = 3600_000;

function draft(over: Partial<Input> & Pick<Input, 'title' | 'body' | 'category'>, at: number): Input {
  return {
    language: 'ja',
    fiveW1H: { purpose: '', observedFrom: at - 6 * HOUR, observedTo: at, timeZone: 'Asia/Tokyo', ports: [], signatureIds: [], sector: '', region: '', networkScope: '', detection: '', use: 'watch' },
    indicators: [],
    favours: ['speed', 'accuracy'],
    confidence: 'medium',
    tlp: 'green',
    audience: { kind: 'community' },
    anonymous: false,
    ...over,
  };
}

/** Seeds through `svc`; `members[0]` is the demo analyst's organisation. */
export async function seedObservations(svc: ObservationsService, members: readonly Actor[], now: number): Promise<SeededObservations> {
  if (members.length < 4) throw new Error('the observation demo needs four member organisations');
  const [aoba, kinu, sakura, tsubaki] = members as [Actor, Actor, Actor, Actor, ...Actor[]];
  const telnet = await svc.post(aoba, draft({
    title: 'Telnet(23/tcp)への走査が急増',
    body: '昨夜から **23/tcp** への走査が通常の約5倍に増えています。送信元の多くは家庭用ルータと思われます。皆さんの網でも見えていますか？',
    category: 'scanning',
    fiveW1H: { purpose: '会員間での傾向確認', observedFrom: now - 12 * HOUR, observedTo: now - HOUR, timeZone: 'Asia/Tokyo', ports: [23, 2323], signatureIds: ['ET SCAN Telnet'], sector: 'ISP', region: '関東', networkScope: 'AS 全体', detection: 'ハニーポットとフロー統計', use: 'watch' },
    indicators: ['198.51.100[.]23', '203.0.113.45'],
  }, now));
  const phishing = await svc.post(kinu, draft({
    title: 'Bank-themed phishing with a new kit',
    body: 'A kit imitating a regional bank login page; the landing pages sit behind a URL shortener. Block the domains below.',
    language: 'en',
    category: 'phishing',
    favours: ['speed', 'completeness'],
    confidence: 'high',
    fiveW1H: { purpose: 'protect customers', observedFrom: now - 30 * HOUR, observedTo: now - 2 * HOUR, timeZone: 'Asia/Tokyo', ports: [443], signatureIds: [], sector: 'finance', region: 'Japan', networkScope: 'customer mail', detection: 'user reports', use: 'block' },
    indicators: ['login-bank-verify[.]example', 'hxxps://secure-login-check.example/auth'],
  }, now));
  // Posted as "a member": the other members never learn which organisation saw it.
  const ddos = await svc.post(sakura, draft({
    title: 'UDP反射型DDoSの予兆（匿名）',
    body: 'CLDAP(389/udp) の反射を使った小規模な試行が続いています。大規模化する前に共有します。',
    category: 'ddos',
    favours: ['speed', 'accuracy'],
    fiveW1H: { purpose: '早期警戒', observedFrom: now - 4 * HOUR, observedTo: null, timeZone: 'Asia/Tokyo', ports: [389], signatureIds: [], sector: 'ISP', region: '関西', networkScope: 'バックボーン', detection: 'NetFlow', use: 'awareness' },
    anonymous: true,
  }, now));
  const internal = await svc.post(aoba, draft({
    title: '社内メモ: 調査中のホスト',
    body: 'TLP:RED — この組織の中だけで扱います。',
    category: 'malware',
    tlp: 'red',
    audience: { kind: 'community' },
    fiveW1H: { purpose: '社内調査', observedFrom: null, observedTo: null, timeZone: 'Asia/Tokyo', ports: [], signatureIds: [], sector: '', region: '', networkScope: '', detection: 'EDR', use: 'awareness' },
  }, now));

  // Three organisations answer the Telnet observation, so every member sees the tally (k = 3).
  await svc.respond(kinu, telnet.id, { kind: 'seen', seenAt: now - 3 * HOUR, scale: '101-1000', acted: null, use: 'watch', note: '同様の増加を確認', anonymous: false });
  await svc.respond(sakura, telnet.id, { kind: 'acted', seenAt: now - 2 * HOUR, scale: '11-100', acted: 'blocked', use: 'block', note: '', anonymous: true });
  await svc.respond(tsubaki, telnet.id, { kind: 'not-seen', seenAt: null, scale: null, acted: null, use: null, note: '', anonymous: false });
  await svc.respond(aoba, phishing.id, { kind: 'seen', seenAt: now - 5 * HOUR, scale: '1-10', acted: null, use: 'block', note: 'Two customers reported it', anonymous: false });
  await svc.comment(tsubaki, ddos.id, { text: '当社でも 389/udp の増加を少し確認しました。', parentId: null, anonymous: false });

  const question = await svc.ask(tsubaki, {
    text: 'CN からの大規模な攻撃を確認していますか？',
    options: ['なし', '少し', '大規模'],
    subject: { dimension: 'country', key: 'CN' },
    deadline: now + 48 * HOUR,
    tlp: 'green',
    audience: { kind: 'community' },
    anonymous: false,
  });
  await svc.answer(aoba, question.id, 0, false);
  await svc.answer(kinu, question.id, 0, true);
  await svc.answer(sakura, question.id, 1, false);

  const room = await svc.openRoom(kinu, {
    title: '広域DDoS: 金融機関向け (2026年12月)',
    description: '複数の会員で金融機関のWebサイトに対するDDoSを観測。状況と対策を共有してください。',
    tlp: 'green',
    audience: { kind: 'community' },
    severity: 'high',
    anonymous: false,
  });
  await svc.setStatus(kinu, room.id, { status: 'affected', note: 'Upstream scrubbing enabled; geo-blocking at the edge', anonymous: false });
  await svc.setStatus(aoba, room.id, { status: 'investigating', note: 'フロー分析中', anonymous: false });
  await svc.setStatus(sakura, room.id, { status: 'contained', note: 'ACL と RTBH で遮断', anonymous: true });
  await svc.setStatus(tsubaki, room.id, { status: 'not-affected', note: '', anonymous: false });
  await svc.postToRoom(kinu, room.id, { text: '09:10 JST 攻撃開始を確認。送信元の上位を添付します。', indicators: ['198.51.100.77', '203.0.113.9'], anonymous: false });
  await svc.postToRoom(sakura, room.id, { text: '当社では RTBH で収束しました。', indicators: [], anonymous: true });
  await svc.postToRoom(aoba, room.id, { text: 'Seeing the same sources; HTTP flood on /login.', indicators: ['198.51.100.77'], anonymous: false });
  return { observations: [telnet.id, phishing.id, ddos.id, internal.id], question: question.id, room: room.id };
}

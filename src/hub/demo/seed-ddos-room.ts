/**
 * The demo's DDoS room, seeded through the real service: opened by the first member with a hidden target,
 * mitigation lines from two ISPs (one anonymous), and one unnamed source/reflector post. The addresses
 * are routed to whatever address space is approved when it runs (none: the room shows only counts).
 */
import type { DdosService } from '../observations/ddos-service.ts';
import type { Actor } from '../observations/observations-service.ts';

/** Seeds the room; returns its id. */
export async function seedDdosRoom(svc: DdosService, members: readonly Actor[]): Promise<number> {
  if (members.length < 4) throw new Error('the DDoS room demo needs four member organisations');
  const [aoba, kinu, sakura, tsubaki] = members as [Actor, Actor, Actor, Actor, ...Actor[]];
  const { room } = await svc.open(aoba, {
    title: 'DNS/CLDAP 反射型 DDoS（2026年12月）',
    description: '会員のサービスに対する反射型 DDoS。各 ISP は自網のリフレクタと緩和策を共有してください。',
    tlp: 'amber',
    audience: { kind: 'orgs', orgIds: [kinu.orgId, sakura.orgId, tsubaki.orgId] },
    severity: 'critical',
    anonymous: false,
  }, { target: '203.0.113.80', targetHidden: true, vectors: ['dns', 'cldap', 'udp-flood'] });
  await svc.setMitigation(tsubaki, room.id, { status: 'flowspec', note: 'UDP/389 と UDP/53 の大きな応答を FlowSpec で破棄', anonymous: false });
  await svc.setMitigation(sakura, room.id, { status: 'rtbh', note: '対象 /32 を RTBH', anonymous: true });
  await svc.postAddresses(aoba, room.id, { sources: ['198.51.100.77', '203.0.113.9'], reflectors: ['198.51.100.53', '198.51.100.54', '192.0.2.53'], note: 'フロー上位の送信元とリフレクタ', named: false });
  return room.id;
}

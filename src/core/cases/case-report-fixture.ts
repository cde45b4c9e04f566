/** A fixed case for the report tests: the field's worked example (¥30 billion, 240 days, 20 %, 72 h). */
import { estimateCaseDamage } from './case-damage.ts';
import type { CaseReportInput } from './case-report-doc.ts';

const T0 = Date.UTC(2026, 11, 1, 0, 30); // 2026-12-01 09:30 JST

export function reportFixture(): CaseReportInput {
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

export const FIXTURE_OPTIONS = { generatedAt: Date.UTC(2026, 11, 4, 1, 0), generatedBy: 'aoba-admin', utcOffsetMinutes: 540 };

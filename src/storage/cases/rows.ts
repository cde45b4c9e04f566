/** Row ↔ record mapping for the cases tables (numbers come back as strings from PostgreSQL BIGINT). */
import type { CaseRecord, CaseTask, TimelineEvent } from '../../core/cases/case-model.ts';
import type { CaseHost, TagChange } from '../../core/cases/triage.ts';

type Row = Record<string, unknown>;
const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown): string => String(v);
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const json = <T>(v: unknown): T => JSON.parse(String(v)) as T;

export function caseFromRow(r: Row): CaseRecord {
  return {
    id: num(r.id),
    orgId: num(r.org_id),
    title: str(r.title),
    description: str(r.description),
    state: str(r.state) as CaseRecord['state'],
    outcome: strOrNull(r.outcome) as CaseRecord['outcome'],
    severity: str(r.severity) as CaseRecord['severity'],
    tlp: str(r.tlp) as CaseRecord['tlp'],
    pap: str(r.pap) as CaseRecord['pap'],
    ownerUserId: numOrNull(r.owner_user_id),
    createdBy: num(r.created_by),
    createdAt: num(r.created_at),
    updatedAt: num(r.updated_at),
    closedAt: numOrNull(r.closed_at),
    damage: json(r.damage_json),
    linkedRoomIds: json(r.rooms_json),
    linkedObservationIds: json(r.observations_json),
    malwareFamilies: json(r.malware_json),
  };
}

export function taskFromRow(r: Row): CaseTask {
  return {
    id: num(r.id),
    caseId: num(r.case_id),
    title: str(r.title),
    ownerUserId: numOrNull(r.owner_user_id),
    dueAt: numOrNull(r.due_at),
    state: str(r.state) as CaseTask['state'],
    templateKey: strOrNull(r.template_key),
    fromNoteId: numOrNull(r.from_note_id),
    createdAt: num(r.created_at),
    updatedAt: num(r.updated_at),
  };
}

export function eventFromRow(r: Row): TimelineEvent {
  return {
    id: num(r.id),
    caseId: num(r.case_id),
    occurredAt: str(r.occurred_at),
    occurredAtMs: num(r.occurred_at_ms),
    what: str(r.what),
    source: str(r.source),
    outage: strOrNull(r.outage) as TimelineEvent['outage'],
    hostIds: json(r.host_ids_json),
    indicators: json(r.indicators_json),
    createdBy: num(r.created_by),
    createdAt: num(r.created_at),
  };
}

export function hostFromRow(r: Row): CaseHost {
  return {
    id: num(r.id),
    caseId: num(r.case_id),
    name: str(r.name),
    address: strOrNull(r.address),
    os: strOrNull(r.os),
    owner: strOrNull(r.owner),
    tag: str(r.tag) as CaseHost['tag'],
    priority: numOrNull(r.priority),
    updatedAt: num(r.updated_at),
  };
}

export function tagChangeFromRow(r: Row): TagChange {
  return { hostId: num(r.host_id), from: strOrNull(r.from_tag) as TagChange['from'], to: str(r.to_tag) as TagChange['to'], reason: str(r.reason), byUserId: num(r.by_user_id), at: num(r.at) };
}

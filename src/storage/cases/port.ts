/**
 * Storage port of a member's incident cases. Every method takes the owning organisation and every query
 * filters on it, so a case, its hosts, notes and attachments cannot be read or changed from another org
 * whatever a caller passes as ids: a wrong org reads as "no such case".
 */
import type { CaseDamageSettings, CaseOutcome, CasePap, CaseRecord, CaseSeverity, CaseState, CaseTask, CaseTlp, OutageMark, TaskState, TimelineEvent } from '../../core/cases/case-model.ts';
import type { NoteAttachment, SoapContent, SoapNote } from '../../core/cases/soap.ts';
import type { CaseHost, HostTag, TagChange } from '../../core/cases/triage.ts';
import type { TriageCounts } from '../../core/damage/impact.ts';

export interface NewCase {
  title: string;
  description: string;
  severity: CaseSeverity;
  tlp: CaseTlp;
  pap: CasePap;
  ownerUserId: number | null;
  createdBy: number;
  damage: CaseDamageSettings;
}

export type CasePatch = Partial<{
  title: string;
  description: string;
  severity: CaseSeverity;
  tlp: CaseTlp;
  pap: CasePap;
  ownerUserId: number | null;
  state: CaseState;
  outcome: CaseOutcome | null;
  closedAt: number | null;
  damage: CaseDamageSettings;
  linkedRoomIds: string[];
  linkedObservationIds: string[];
  malwareFamilies: string[];
}>;

export interface NewTask {
  title: string;
  ownerUserId: number | null;
  dueAt: number | null;
  templateKey: string | null;
  fromNoteId: number | null;
}

export type TaskPatch = Partial<{ title: string; ownerUserId: number | null; dueAt: number | null; state: TaskState }>;

export interface NewTimelineEvent {
  occurredAt: string;
  occurredAtMs: number;
  what: string;
  source: string;
  outage: OutageMark | null;
  hostIds: number[];
  indicators: string[];
  createdBy: number;
}

export interface NewHost {
  name: string;
  address: string | null;
  os: string | null;
  owner: string | null;
  tag: HostTag;
}

/** How a host page is ordered: by name, or in repair order (manual place, then tag's repair rank, then name; triaged hosts only). */
export type HostOrder = 'name' | 'repair';

/** Where a page ends: the sort key of its last host (keyset paging, stable under inserts and tag changes elsewhere). */
export type HostKey = { order: 'name'; name: string; id: number } | { order: 'repair'; place: number; rank: number; name: string; id: number };

export interface HostFilter {
  tag?: HostTag | undefined;
  /** Case-insensitive substring of the name or address. */
  text?: string | undefined;
}

export interface HostPageQuery extends HostFilter {
  order: HostOrder;
  /** Hosts after this key (null or absent: from the start). */
  after?: HostKey | null | undefined;
  limit: number;
}

export interface HostPage {
  hosts: CaseHost[];
  /** The key to ask for the next page with; null on the last page. */
  next: HostKey | null;
}

/** A member's own figures for the damage estimate; every new case of the org starts from them. */
export interface OrgDamageSettings {
  annualRevenueYen: string | null;
  businessDays: number | null;
  hoursPerDay: number | null;
}

/** An attachment with its bytes (base64), keyed by SHA-256 within the org. */
export interface StoredAttachment extends NoteAttachment {
  contentBase64: string;
}

export interface CaseStore {
  migrate(): Promise<void>;

  createCase(orgId: number, c: NewCase, tasks: readonly NewTask[], now: number): Promise<CaseRecord>;
  getCase(orgId: number, caseId: number): Promise<CaseRecord | null>;
  listCases(orgId: number, filter: { state?: CaseState }): Promise<CaseRecord[]>;
  /** Null when the org has no such case. */
  updateCase(orgId: number, caseId: number, patch: CasePatch, now: number): Promise<CaseRecord | null>;

  listTasks(orgId: number, caseId: number): Promise<CaseTask[]>;
  /** Null when the org has no such case. */
  addTasks(orgId: number, caseId: number, tasks: readonly NewTask[], now: number): Promise<CaseTask[] | null>;
  updateTask(orgId: number, caseId: number, taskId: number, patch: TaskPatch, now: number): Promise<CaseTask | null>;

  listTimeline(orgId: number, caseId: number): Promise<TimelineEvent[]>;
  addTimelineEvent(orgId: number, caseId: number, e: NewTimelineEvent, now: number): Promise<TimelineEvent | null>;

  /** Hosts in the case (optionally of one tag), by name. */
  listHosts(orgId: number, caseId: number, filter: { tag?: HostTag }): Promise<CaseHost[]>;
  /** One page of hosts in one indexed query (keyset on the order's columns). */
  pageHosts(orgId: number, caseId: number, query: HostPageQuery): Promise<HostPage>;
  /** Hosts per tag (of those matching `filter.text`, when given). */
  countHosts(orgId: number, caseId: number, filter?: { text?: string | undefined }): Promise<TriageCounts>;
  /** Hosts per tag for every case of the org, in one query (cases without hosts are absent). */
  countHostsByCase(orgId: number): Promise<Map<number, TriageCounts>>;
  /** Which of `hostIds` are hosts of the org's case. */
  existingHostIds(orgId: number, caseId: number, hostIds: readonly number[]): Promise<number[]>;
  /** Adds hosts in one transaction; a tag other than untriaged is recorded in the history as `reason`. Null when no such case. */
  addHosts(orgId: number, caseId: number, hosts: readonly NewHost[], by: number, reason: string, now: number): Promise<number[] | null>;
  /** Sets a tag and records the change. Null when no such host in the org's case. */
  setHostTag(orgId: number, caseId: number, hostId: number, tag: HostTag, reason: string, by: number, now: number): Promise<CaseHost | null>;
  /** Sets one tag on many hosts in one transaction, recording a change for each host whose tag differs; returns the ids found. */
  setHostTags(orgId: number, caseId: number, hostIds: readonly number[], tag: HostTag, reason: string, by: number, now: number): Promise<number[]>;
  setHostPriority(orgId: number, caseId: number, hostId: number, priority: number | null, now: number): Promise<CaseHost | null>;
  hostHistory(orgId: number, caseId: number, hostId: number): Promise<TagChange[]>;

  listNotes(orgId: number, caseId: number): Promise<SoapNote[]>;
  /** A new note at revision 1; null when no such case. */
  addNote(orgId: number, caseId: number, content: SoapContent, author: { userId: number; login: string }, attachments: readonly StoredAttachment[], now: number): Promise<SoapNote | null>;
  /** A new revision; older ones stay. Null when no such note in the org's case. */
  reviseNote(orgId: number, caseId: number, noteId: number, content: SoapContent, author: { userId: number; login: string }, attachments: readonly StoredAttachment[], now: number): Promise<SoapNote | null>;
  getAttachment(orgId: number, caseId: number, sha256: string): Promise<StoredAttachment | null>;

  /** The org's damage figures (null when never set). */
  getOrgSettings(orgId: number): Promise<OrgDamageSettings | null>;
  setOrgSettings(orgId: number, s: OrgDamageSettings, by: number, now: number): Promise<void>;
}

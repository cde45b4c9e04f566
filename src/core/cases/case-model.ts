/**
 * A member's private incident case: the vocabulary (states, outcomes, severities, TLP/PAP) and the
 * shapes the store keeps. States and outcomes follow TheHive / DFIR-IRIS practice so responders
 * moving between tools read them the same way.
 */

/** Life of a case; `closed` needs an outcome. */
export const CASE_STATES = ['new', 'in_progress', 'contained', 'recovered', 'closed'] as const;
export type CaseState = (typeof CASE_STATES)[number];

/** How a case ended (set when closing). */
export const CASE_OUTCOMES = ['true_positive_with_impact', 'true_positive_without_impact', 'false_positive', 'indeterminate'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

export const CASE_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type CaseSeverity = (typeof CASE_SEVERITIES)[number];

/** Traffic Light Protocol 2.0 (who may see) and Permissible Actions Protocol (what may be done). */
export const CASE_TLPS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
export type CaseTlp = (typeof CASE_TLPS)[number];
export const CASE_PAPS = ['clear', 'green', 'amber', 'red'] as const;
export type CasePap = (typeof CASE_PAPS)[number];

export const TASK_STATES = ['open', 'in_progress', 'done', 'cancelled'] as const;
export type TaskState = (typeof TASK_STATES)[number];

/** Inputs of the damage estimate kept on the case (revenue and days usually copied from the member's figures). */
export interface CaseDamageSettings {
  /** Whole yen, as a decimal string (bigint on the wire). */
  annualRevenueYen: string | null;
  businessDays: number | null;
  hoursPerDay: number | null;
  /** Overrides the downtime taken from the timeline. */
  downtimeHoursOverride: number | null;
  /** Overrides the impact taken from triage. */
  impactOverride: { affected: number; total: number } | { percent: number } | null;
}

export interface CaseRecord {
  id: number;
  /** The owning organisation: the case never leaves it. */
  orgId: number;
  title: string;
  description: string;
  state: CaseState;
  outcome: CaseOutcome | null;
  severity: CaseSeverity;
  tlp: CaseTlp;
  pap: CasePap;
  /** Owner user (of the same org), or nobody yet. */
  ownerUserId: number | null;
  createdBy: number;
  createdAt: number;
  updatedAt: number;
  closedAt: number | null;
  damage: CaseDamageSettings;
  /** Opaque references to community observations and rooms (other slices own them). */
  linkedRoomIds: string[];
  linkedObservationIds: string[];
  /** Malware families seen, shareable in a safe status. */
  malwareFamilies: string[];
}

export interface CaseTask {
  id: number;
  caseId: number;
  title: string;
  ownerUserId: number | null;
  /** Epoch ms, or none. */
  dueAt: number | null;
  state: TaskState;
  /** The first-step task of the template it came from, if any. */
  templateKey: string | null;
  /** The SOAP note whose plan line it came from, if any. */
  fromNoteId: number | null;
  createdAt: number;
  updatedAt: number;
}

/** Marks on the timeline that bound an outage (for downtime). */
export const OUTAGE_MARKS = ['start', 'end'] as const;
export type OutageMark = (typeof OUTAGE_MARKS)[number];

export interface TimelineEvent {
  id: number;
  caseId: number;
  /** When it happened, ISO 8601 with its zone offset as the reporter gave it (e.g. 2026-12-01T09:30:00+09:00). */
  occurredAt: string;
  /** The same instant as epoch ms (for ordering and downtime). */
  occurredAtMs: number;
  what: string;
  /** Where the fact comes from (a tool, a person, a log). */
  source: string;
  outage: OutageMark | null;
  /** Host ids of this case the event concerns. */
  hostIds: number[];
  /** Indicator values the event concerns. */
  indicators: string[];
  createdBy: number;
  createdAt: number;
}

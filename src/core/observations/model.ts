/**
 * Observations (気付き), community questions and incident rooms: the shared vocabulary. Every shared item
 * carries a TLP 2.0 level and an audience; the sender's 5W1H says why, when, what, where, who and how.
 */
import type { Tlp } from '../sharing/tlp.ts';

export const OBSERVATION_CATEGORIES = ['scanning', 'brute-force', 'ddos', 'phishing', 'malware', 'vulnerability-exploitation', 'data-leak', 'other'] as const;
export type ObservationCategory = (typeof OBSERVATION_CATEGORIES)[number];

/** The sharing dilemma: an item favours two of these three. */
export const SHARING_QUALITIES = ['speed', 'accuracy', 'completeness'] as const;
export type SharingQuality = (typeof SHARING_QUALITIES)[number];

/** How receivers may use an item. */
export const INTENDED_USES = ['block', 'watch', 'awareness'] as const;
export type IntendedUse = (typeof INTENDED_USES)[number];

export const CONFIDENCE_LEVELS = ['low', 'medium', 'high'] as const;
export type Confidence = (typeof CONFIDENCE_LEVELS)[number];

export const ITEM_LANGUAGES = ['ja', 'en'] as const;
export type ItemLanguage = (typeof ITEM_LANGUAGES)[number];

/** Who receives an item: every member, the members of one topic group, or named organisations. */
export type Audience = { kind: 'community' } | { kind: 'group'; groupId: number } | { kind: 'orgs'; orgIds: number[] };

/** The sender's 5W1H. */
export interface FiveW1H {
  /** Why: the purpose of sharing. */
  purpose: string;
  /** When: the observed period (epoch ms) and the sender's time zone (IANA name). */
  observedFrom: number | null;
  observedTo: number | null;
  timeZone: string;
  /** What: ports and signature ids besides the text and indicators. */
  ports: number[];
  signatureIds: string[];
  /** Where: sector, region, network scope (free text each). */
  sector: string;
  region: string;
  networkScope: string;
  /** How it was detected. */
  detection: string;
  /** How receivers may use it. */
  use: IntendedUse;
}

/** A normalised indicator attached to an item (MISP type name and canonical value). */
export interface ItemIndicator {
  type: string;
  value: string;
}

/** What a sender writes; the hub adds id, author and times. */
export interface ObservationDraft {
  title: string;
  /** Markdown; raw HTML is refused, the web renders it as text. */
  body: string;
  language: ItemLanguage;
  category: ObservationCategory;
  fiveW1H: FiveW1H;
  indicators: ItemIndicator[];
  /** Exactly two of speed / accuracy / completeness. */
  favours: [SharingQuality, SharingQuality];
  confidence: Confidence;
  tlp: Tlp;
  audience: Audience;
  /** Posted as "a member": other members never learn the organisation. */
  anonymous: boolean;
}

/** The author as a reader may see it: `org` is null when the post is anonymous to this reader. */
export interface VisibleAuthor {
  anonymous: boolean;
  org: { id: number; name: string } | null;
}

export interface Observation extends ObservationDraft {
  id: number;
  author: VisibleAuthor;
  /** True when the reader's organisation wrote it (lets the UI offer edit/delete without naming the org). */
  mine: boolean;
  createdAt: number;
  updatedAt: number;
  /** Whether the reading user marked it read (absent when read by an organisation, not a user). */
  read?: boolean;
}

/**
 * Host triage borrowed from emergency medicine, with the field's definitions. The tag says what the
 * infection means for repair; the repair priority list is derived from the tags and may be reordered.
 */
import type { TriageCounts } from '../damage/impact.ts';

export const TRIAGE_TAGS = ['black', 'red', 'yellow', 'green'] as const;
export type TriageTag = (typeof TRIAGE_TAGS)[number];
/** A host's tag, or not yet triaged. */
export type HostTag = TriageTag | 'untriaged';
export const HOST_TAGS = [...TRIAGE_TAGS, 'untriaged'] as const;

export interface TriageDefinition {
  tag: TriageTag;
  /** The category number of the field (0, I, II, III). */
  category: '0' | 'I' | 'II' | 'III';
  definition: { ja: string; en: string };
}

/** The four tags exactly as the field defines them. */
export const TRIAGE_DEFINITIONS: Readonly<Record<TriageTag, TriageDefinition>> = {
  black: {
    tag: 'black',
    category: '0',
    definition: {
      en: 'Infected by an overwriting file infector; files cannot be disinfected — rebuild.',
      ja: '上書き型ファイル感染型ウイルスに感染。ファイルは駆除できない — 再構築する。',
    },
  },
  red: {
    tag: 'red',
    category: 'I',
    definition: {
      en: 'Infected by a non-overwriting file infector; disinfection takes time.',
      ja: '非上書き型ファイル感染型ウイルスに感染。駆除に時間がかかる。',
    },
  },
  yellow: {
    tag: 'yellow',
    category: 'II',
    definition: {
      en: 'Infected by a single trojan, worm or similar program.',
      ja: '単体のトロイの木馬・ワームなどに感染。',
    },
  },
  green: {
    tag: 'green',
    category: 'III',
    definition: {
      en: 'No sign of infection now, but infection was confirmed in a neighbouring network.',
      ja: '現在感染の兆候はないが、隣接ネットワークで感染が確認されている。',
    },
  },
};

/** A host of a case: name, address, OS and owner are internal data that never leave the org. */
export interface CaseHost {
  id: number;
  caseId: number;
  name: string;
  address: string | null;
  os: string | null;
  owner: string | null;
  tag: HostTag;
  /** Manual place in the repair list (1 = first); null follows the tag's default order. */
  priority: number | null;
  updatedAt: number;
}

/** One change of a host's tag: who, when, why. */
export interface TagChange {
  hostId: number;
  from: HostTag | null;
  to: HostTag;
  reason: string;
  byUserId: number;
  at: number;
}

/** Hosts per tag. */
export function countTags(hosts: ReadonlyArray<{ tag: HostTag }>): TriageCounts {
  const c: TriageCounts = { black: 0, red: 0, yellow: 0, green: 0, untriaged: 0 };
  for (const h of hosts) c[h.tag]++;
  return c;
}

/**
 * Default repair order. Red first: disinfection takes longest, so it must start earliest. Yellow next
 * (one program, quick to remove, but still spreading). Black hosts are rebuilt rather than repaired, so
 * they wait for images and hardware. Green hosts are watched, not repaired. Untriaged hosts are not
 * in the repair list: they need triage first.
 */
export const REPAIR_ORDER: readonly TriageTag[] = ['red', 'yellow', 'black', 'green'];

/** The repair priority list: manual places first (ascending), then by tag in `REPAIR_ORDER`, then by name. */
export function repairPriority<H extends { tag: HostTag; priority: number | null; name: string; id: number }>(hosts: readonly H[]): H[] {
  const rank = (t: HostTag): number => (t === 'untriaged' ? REPAIR_ORDER.length : REPAIR_ORDER.indexOf(t));
  return hosts
    .filter((h) => h.tag !== 'untriaged')
    .slice()
    .sort((a, b) => (a.priority ?? Infinity) - (b.priority ?? Infinity) || rank(a.tag) - rank(b.tag) || (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id));
}

/**
 * The one read rule for observations, questions and incident rooms. Storage applies it in its queries
 * (`storage/observations/visibility.ts` is its SQL form, tested against this function); services and the
 * SSE path only ever see what storage returned.
 */
import type { HubRole } from '../roles.ts';
import type { Tlp } from '../sharing/tlp.ts';
import type { Audience } from './model.ts';

/** Who is reading: the organisation, its role and the topic groups it belongs to. */
export interface ItemReader {
  orgId: number;
  role: HubRole;
  groupIds: readonly number[];
}

/** What the rule needs to know about an item. */
export interface ShareScope {
  authorOrgId: number;
  tlp: Tlp;
  audience: Audience;
  anonymous: boolean;
}

/**
 * May `reader` see `item`? The author's organisation always may. AMBER+STRICT and RED stay inside it (the
 * hub operator included: RED never leaves its organisation). Otherwise the audience decides: community →
 * every member (CLEAR and GREEN only: AMBER needs a group or named organisations), group → its members,
 * named organisations → those.
 */
export function mayRead(reader: ItemReader, item: ShareScope): boolean {
  if (reader.orgId === item.authorOrgId) return true;
  if (item.tlp === 'red' || item.tlp === 'amber+strict') return false;
  switch (item.audience.kind) {
    case 'community':
      return item.tlp === 'clear' || item.tlp === 'green';
    case 'group':
      return reader.groupIds.includes(item.audience.groupId);
    case 'orgs':
      return item.audience.orgIds.includes(reader.orgId);
  }
}

/**
 * May `reader` learn which organisation wrote a readable item? Always unless it was posted anonymously;
 * then only the author's organisation and hub admins (who keep it for abuse handling).
 */
export function mayKnowAuthor(reader: ItemReader, item: Pick<ShareScope, 'authorOrgId' | 'anonymous'>): boolean {
  return !item.anonymous || reader.orgId === item.authorOrgId || reader.role === 'hub-admin';
}

/** The audience/TLP pairs that are allowed at all: AMBER means limited disclosure, so not "everyone". */
export function audienceProblem(tlp: Tlp, audience: Audience): string | null {
  if (tlp === 'amber' && audience.kind === 'community') return 'TLP:AMBER needs a topic group or named organisations as audience';
  if (audience.kind === 'orgs' && audience.orgIds.length === 0) return 'name at least one organisation';
  return null;
}

/**
 * Who feedback is shown as. A member may reveal its organisation or appear as "a member": the anonymous
 * label replaces the name before feedback leaves the hub, so no path (node sighting, MISP sighting, the
 * owner's view, aggregates) ever carries the organisation of anonymous feedback.
 */
export const ANONYMOUS_MEMBER = 'a member';

/** The organisation name feedback carries outward. */
export function feedbackAuthor(reveal: boolean, orgName: string): string {
  return reveal ? orgName : ANONYMOUS_MEMBER;
}

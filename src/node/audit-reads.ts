/**
 * What the audit log records of a read: how many returned items belong to other organisations, per owner
 * org id (counts, never values), so an owner can see who read how much of its data.
 */
export function crossOrgCounts(ownerOrgIds: Iterable<number>, callerOrgId: number): { fromOtherOrgs?: number; owners?: Record<string, number> } {
  const owners: Record<string, number> = {};
  let fromOtherOrgs = 0;
  for (const id of ownerOrgIds) {
    if (id === callerOrgId) continue;
    fromOtherOrgs++;
    owners[String(id)] = (owners[String(id)] ?? 0) + 1;
  }
  // Reads of one's own data add nothing to the entry.
  return fromOtherOrgs ? { fromOtherOrgs, owners } : {};
}

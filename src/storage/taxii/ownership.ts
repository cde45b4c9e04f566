/** Ownership of TAXII object versions (both adapters): only the writing organisation or a node admin changes them. */
import { refuseWrite, type WriteActor } from '../common/ownership.ts';
import type { Row } from '../common/rows.ts';
import type { StoredVersion } from './port.ts';

/** A POST may add versions only to objects that have none of another organisation's. */
export function checkVersionOwners(stored: readonly Row[], writer: WriteActor): void {
  if (writer.admin) return;
  const foreign = stored.find((r) => r.owner_org_id !== null && Number(r.owner_org_id) !== writer.orgId);
  if (foreign) refuseWrite('not_owner', String(foreign.stix_id));
}

/** A DELETE that would remove another organisation's version is refused as a whole. */
export function checkDeletable(doomed: readonly StoredVersion[], writer: WriteActor, stixId: string): void {
  if (writer.admin) return;
  if (doomed.some((v) => v.ownerOrgId !== writer.orgId)) refuseWrite('not_owner', stixId);
}

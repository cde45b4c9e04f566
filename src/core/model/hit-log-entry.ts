/**
 * One row of the owner hit log: an outside organisation's search matched one of the owner's attributes.
 * The wire schema (`contracts/federation.ts`) is checked against this shape.
 */
export interface HitLogEntry {
  searchId: string;
  searcherOrg: string;
  value: string;
  type: string;
  attributeUuid: string;
  eventUuid: string;
  match: string;
  /** When the hit happened, epoch milliseconds (on nodes and at the hub alike). */
  at: number;
}

import type { NodeRole } from '../core/roles.ts';
import type { Viewer } from '../core/sharing/access.ts';

export type { NodeRole } from '../core/roles.ts';

/** The authenticated caller of a node endpoint, resolved from an API key or HTTP Basic credentials. */
export interface NodePrincipal {
  keyId: number;
  orgId: number;
  orgName: string;
  role: NodeRole;
  /** Sharing-rule identity for reads (org + sharing groups naming it). */
  viewer: Viewer;
}

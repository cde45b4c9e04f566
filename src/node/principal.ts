import type { Viewer } from '../core/sharing/access.ts';

/** Node API roles: admin (everything), publisher (write events), reader (read), search (federation/search only). */
export type NodeRole = 'admin' | 'publisher' | 'reader' | 'search';

/** The authenticated caller of a node endpoint, resolved from an API key or HTTP Basic credentials. */
export interface NodePrincipal {
  keyId: number;
  orgId: number;
  orgName: string;
  role: NodeRole;
  /** Sharing-rule identity for reads (org + sharing groups naming it). */
  viewer: Viewer;
}

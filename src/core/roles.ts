/**
 * The roles a credential can carry. Kept in core so the stores, the services and the wire schemas name them
 * from one place (storage may not import the services or the contracts).
 */

/** Node API roles: admin (everything), publisher (write events), reader (read), search (federation/search only). */
export const NODE_ROLES = ['admin', 'publisher', 'reader', 'search'] as const;
export type NodeRole = (typeof NODE_ROLES)[number];

/** Hub user roles: hub-admin (the operator), member-admin (one member organisation), analyst (search). */
export const HUB_ROLES = ['hub-admin', 'member-admin', 'analyst'] as const;
export type HubRole = (typeof HUB_ROLES)[number];

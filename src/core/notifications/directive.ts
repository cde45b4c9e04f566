/** A recipient member's directive vocabulary (after certbund-contact: format, aggregation key, interval). */

/**
 * What a notification is made of: `in-app` only opens a ticket in the inbox (nothing leaves the hub),
 * `xarf` X-ARF v4 JSON, `csv` CSV, `email-digest` a ja/en text digest (webhooks then carry X-ARF).
 */
export const DIRECTIVE_FORMATS = ['in-app', 'xarf', 'csv', 'email-digest'] as const;
export type DirectiveFormat = (typeof DIRECTIVE_FORMATS)[number];

/** Fields a member's reports are grouped by, one notification (ticket) per group (mailgen's aggregation key). */
export const AGGREGATE_FIELDS = ['prefix', 'category', 'address'] as const;
export type AggregateField = (typeof AGGREGATE_FIELDS)[number];

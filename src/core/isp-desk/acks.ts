/** How an ISP answers a report about a host in its space (a reporter sees these only as counts). */
export const ACK_STATES = ['received', 'handling', 'resolved', 'false-positive'] as const;
export type AckState = (typeof ACK_STATES)[number];

/** A reporter's aggregate view: reports it contributed to, by the owner's state (`open`: not acknowledged). */
export type OutcomeCounts = Record<AckState | 'open', number>;

/** Zero counts in display order. */
export function emptyOutcomes(): OutcomeCounts {
  return { open: 0, received: 0, handling: 0, resolved: 0, 'false-positive': 0 };
}

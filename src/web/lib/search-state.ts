/** Folds the NDJSON search stream into what the results page shows, one event at a time. */
import type { MemberAnswer, MemberResult, Rejected, SearchResult, SearchStreamEvent, ValueResult } from '../../contracts/hub-api.ts';

export interface SearchView {
  id: string | null;
  createdAt: number | null;
  members: MemberResult[];
  rows: ValueResult[];
  rejected: Rejected[];
  done: boolean;
}

export const EMPTY_SEARCH: SearchView = { id: null, createdAt: null, members: [], rows: [], rejected: [], done: false };

/** A finished search (history or `done` event) as a view. */
export function viewOfResult(r: SearchResult): SearchView {
  return { id: r.id, createdAt: r.createdAt, members: r.members, rows: r.results, rejected: r.rejected, done: true };
}

/** Applies one stream event; rows touched by a member's answer are copied, the rest are shared. */
export function applyEvent(state: SearchView, e: SearchStreamEvent): SearchView {
  switch (e.type) {
    case 'accepted':
      return {
        id: e.id,
        createdAt: Date.now(),
        members: e.members.map((name) => ({ name, status: 'pending', latencyMs: null, hits: 0, error: null, reason: null })),
        rows: e.values.map((v) => ({ ...v, hits: {}, enrichment: null, details: [] })),
        rejected: e.rejected,
        done: false,
      };
    case 'member': {
      const name = e.member.name;
      const members = state.members.some((m) => m.name === name)
        ? state.members.map((m) => (m.name === name ? e.member : m))
        : [...state.members, e.member];
      const rows = state.rows.slice();
      for (const { index, hits } of e.hits) {
        const row = rows[index];
        if (!row || hits.length === 0) continue;
        rows[index] = {
          ...row,
          hits: { ...row.hits, [name]: (row.hits[name] ?? 0) + hits.length },
          enrichment: row.enrichment ?? hits.find((h) => h.enrichment)?.enrichment ?? null,
          details: [...row.details, ...hits],
        };
      }
      return { ...state, members, rows };
    }
    case 'done':
      return { ...viewOfResult(e.result), createdAt: e.result.createdAt };
    case 'error':
      // The client turns this event into an error; the partial view stays as it was.
      return state;
  }
}

/** A retried member's answer replaces its whole column (never adds to what it sent before). */
export function applyRetry(state: SearchView, answer: MemberAnswer): SearchView {
  const name = answer.member.name;
  const rows = state.rows.map((r) => {
    if (!(name in r.hits) && !r.details.some((d) => d.member === name)) return r;
    const { [name]: _gone, ...hits } = r.hits;
    return { ...r, hits, details: r.details.filter((d) => d.member !== name) };
  });
  return applyEvent({ ...state, rows }, { type: 'member', ...answer });
}

/** Total hits of a value over all members. */
export function totalHits(row: ValueResult): number {
  let n = 0;
  for (const v of Object.values(row.hits)) n += v;
  return n;
}

/** Hit feedback calls of the hub API (`src/contracts/feedback.ts`), for the shared hub client. */
import type { FeedbackSummary, GiveFeedbackRequest, GiveFeedbackResponse, MarkAllSeenRequest, OwnerFeedbackPage, SearchFeedback } from '../contracts/feedback.ts';

type Json = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/** The feedback methods on the client's JSON call. */
export function feedbackClient(json: Json) {
  const base = (id: string) => `/api/v1/searches/${encodeURIComponent(id)}/feedback`;
  return {
    /** Feedback on hits of the organisation's own search. */
    give: (searchId: string, req: GiveFeedbackRequest) => json<GiveFeedbackResponse>('POST', base(searchId), req),
    /** Marks every hit of the search as seen in our environment. */
    markAllSeen: (searchId: string, req: MarkAllSeenRequest) => json<FeedbackSummary>('POST', `${base(searchId)}/all-seen`, req),
    /** What the organisation gave on the search, and every member's aggregates on its hits. */
    forSearch: (searchId: string) => json<SearchFeedback>('GET', base(searchId)),
    /** Feedback on the organisation's own data, per value and per event. */
    onMyData: (q: { value?: string; event?: string; limit?: number } = {}) => {
      const p = Object.entries(q).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`);
      return json<OwnerFeedbackPage>('GET', `/api/v1/feedback${p.length ? `?${p.join('&')}` : ''}`);
    },
  };
}

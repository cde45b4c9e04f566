/**
 * Wire contract of the history workbench (issue 13 §7). Only the searching organisation reads or writes
 * any of it; another organisation's search, label, watch or comparison reads as `not_found`.
 *
 * Labels:   PUT  /api/v1/searches/:id/label  body SearchLabelInput → SearchLabel | { label: null } (both parts empty: removed)
 *           GET  /api/v1/search-labels        → { labels: SearchLabel[] } (my organisation's)
 * Compare:  GET  /api/v1/searches/:id/compare/:other → RunComparison (`:other` the earlier run)
 *           GET  /api/v1/searches/:id/previous  → { previous: string | null } (the previous run of the same list)
 * Watches:  GET/POST /api/v1/watches; PATCH/DELETE /api/v1/watches/:id; POST /api/v1/watches/:id/run-now
 *           (makes it due; the hub's background scheduler runs it on its next tick)
 * Inbox:    GET /api/v1/watch-notifications → { notifications, unseen }; POST /api/v1/watch-notifications/seen { upTo }
 */
import { z } from 'zod';
import { LABEL_NOTE_MAX, LABEL_TICKET_MAX } from '../core/workbench/search-label.ts';
import { WATCH_DEFAULT_HOURS, WATCH_MAX_HOURS, WATCH_MIN_HOURS } from '../core/workbench/watch-schedule.ts';

export const SearchLabelInput = z
  .object({
    ticket: z.string().max(LABEL_TICKET_MAX).regex(/^[^\r\n]*$/, 'one line').default(''),
    note: z.string().max(LABEL_NOTE_MAX).default(''),
  })
  .strict();
export type SearchLabelInput = z.infer<typeof SearchLabelInput>;

export const SearchLabel = z.object({ searchId: z.string(), ticket: z.string(), note: z.string(), by: z.string(), updatedAt: z.number() });
export type SearchLabel = z.infer<typeof SearchLabel>;

export const HitChange = z.object({ type: z.string(), value: z.string(), member: z.string(), attributeUuid: z.string(), eventUuid: z.string(), eventInfo: z.string(), match: z.string() });
export type HitChange = z.infer<typeof HitChange>;

export const RunComparison = z.object({
  earlier: z.object({ id: z.string(), createdAt: z.number() }),
  later: z.object({ id: z.string(), createdAt: z.number() }),
  newHits: z.array(HitChange),
  goneHits: z.array(HitChange),
  kept: z.number().int(),
  onlyEarlier: z.number().int(),
  onlyLater: z.number().int(),
  /** Members left out: they did not answer in one of the runs. */
  skippedMembers: z.array(z.string()),
});
export type RunComparison = z.infer<typeof RunComparison>;

export const WatchInput = z
  .object({
    /** The search whose list is watched (its values; it is the first baseline). */
    searchId: z.string().min(1).max(64),
    name: z.string().max(LABEL_TICKET_MAX * 2).default(''),
    intervalHours: z.number().int().min(WATCH_MIN_HOURS).max(WATCH_MAX_HOURS).default(WATCH_DEFAULT_HOURS),
    /** Also tell the organisation's configured e-mail / webhook (counts only, never values). */
    email: z.boolean().default(false),
    webhook: z.boolean().default(false),
  })
  .strict();
export type WatchInput = z.infer<typeof WatchInput>;

export const WatchPatch = z
  .object({ name: z.string().max(LABEL_TICKET_MAX * 2), intervalHours: z.number().int().min(WATCH_MIN_HOURS).max(WATCH_MAX_HOURS), enabled: z.boolean(), email: z.boolean(), webhook: z.boolean() })
  .partial()
  .strict();
export type WatchPatch = z.infer<typeof WatchPatch>;

export const Watch = z.object({
  id: z.number(),
  name: z.string(),
  /** The watch's owner (notified on new hits). */
  owner: z.string(),
  valueCount: z.number().int(),
  intervalHours: z.number().int(),
  enabled: z.boolean(),
  email: z.boolean(),
  webhook: z.boolean(),
  createdAt: z.number(),
  nextRunAt: z.number(),
  lastRunAt: z.number().nullable(),
  /** The latest run's search (the baseline of the next comparison). */
  lastSearchId: z.string(),
  /** New hits found by the latest run; null before the first run. */
  lastNewHits: z.number().int().nullable(),
  /** Why the latest run failed (a stable code), null when it ran. */
  lastError: z.string().nullable(),
  /** The caller may change or delete it (its owner, or a member admin of the organisation). */
  canEdit: z.boolean(),
});
export type Watch = z.infer<typeof Watch>;

export const WatchNotification = z.object({
  id: z.number(),
  watchId: z.number(),
  watchName: z.string(),
  searchId: z.string(),
  previousId: z.string(),
  newHits: z.number().int(),
  at: z.number(),
  seen: z.boolean(),
});
export type WatchNotification = z.infer<typeof WatchNotification>;

export const SeenInput = z.object({ upTo: z.number().int().nonnegative() }).strict();

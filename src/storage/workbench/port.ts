/**
 * The history workbench's store: search labels, watched lists and their runs' in-app notifications.
 * Every read and write is scoped to one organisation in SQL (another organisation's label or watch does
 * not exist for it); changing a watch also needs its owner or an organisation admin. Only the scheduler's
 * `claimDue`/`finishRun` act across organisations, for the hub itself.
 */
import type { HubRole } from '../../core/roles.ts';

/** The acting user, as the hub resolved it. */
export interface WorkbenchActor {
  userId: number;
  orgId: number;
  role: HubRole;
}

export interface StoredLabel {
  searchId: string;
  ticket: string;
  note: string;
  by: string;
  updatedAt: number;
}

export interface NewWatch {
  orgId: number;
  ownerUserId: number;
  ownerLogin: string;
  name: string;
  values: string[];
  intervalHours: number;
  email: boolean;
  webhook: boolean;
  /** The search whose list is watched: the first baseline. */
  searchId: string;
  createdAt: number;
  nextRunAt: number;
}

export interface StoredWatch extends Omit<NewWatch, 'searchId'> {
  id: number;
  enabled: boolean;
  lastRunAt: number | null;
  lastSearchId: string;
  lastNewHits: number | null;
  lastError: string | null;
}

export type WatchChange = Partial<Pick<StoredWatch, 'name' | 'intervalHours' | 'enabled' | 'email' | 'webhook' | 'nextRunAt'>>;

/** How a claimed run ended: a new search compared with the baseline, or an error code. */
export type RunOutcome =
  | { searchId: string; newHits: number; notify: { previousId: string } | null }
  | { error: string };

export interface StoredWatchNotification {
  id: number;
  watchId: number;
  watchName: string;
  searchId: string;
  previousId: string;
  newHits: number;
  at: number;
  seen: boolean;
}

export interface WorkbenchStore {
  migrate(): Promise<void>;
  /** Sets (or with null removes) the organisation's label on a search; returns it. */
  setLabel(actor: WorkbenchActor & { login: string }, searchId: string, label: { ticket: string; note: string } | null, at: number): Promise<StoredLabel | null>;
  /** The organisation's labels, newest first (only the given searches when `searchIds` is set). */
  labels(orgId: number, searchIds?: readonly string[]): Promise<StoredLabel[]>;

  createWatch(w: NewWatch): Promise<StoredWatch>;
  /** The organisation's watches, oldest first. */
  listWatches(orgId: number): Promise<StoredWatch[]>;
  getWatch(orgId: number, id: number): Promise<StoredWatch | null>;
  /** Changes a watch the actor may manage (`managesOrgWatches` or its owner); null when there is none. */
  updateWatch(actor: WorkbenchActor, id: number, change: WatchChange): Promise<StoredWatch | null>;
  deleteWatch(actor: WorkbenchActor, id: number): Promise<boolean>;

  /**
   * Claims enabled watches due at `now` (at most `limit`): their next run moves to `leaseUntil`, so a run
   * cut off by a stop is retried once the lease ends, and two hubs on one database never both take one.
   */
  claimDue(now: number, leaseUntil: number, limit: number): Promise<StoredWatch[]>;
  /**
   * Records a claimed run in one transaction: the watch's latest run and next time, and (when `notify`)
   * the owner's in-app notification. Nothing happens for a watch deleted meanwhile (false).
   */
  finishRun(id: number, startedAt: number, nextRunAt: number, outcome: RunOutcome): Promise<boolean>;

  /** The user's watch notifications in the organisation, newest first, with the unseen count. */
  notifications(actor: WorkbenchActor, limit: number): Promise<{ notifications: StoredWatchNotification[]; unseen: number }>;
  markSeen(actor: WorkbenchActor, upTo: number): Promise<void>;
}

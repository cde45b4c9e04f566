/**
 * The history workbench: labels on searches, comparisons of two runs of a list, and watched lists run
 * again by the scheduler. Searches are read only through the one owner rule (`readOwnSearch`), labels and
 * watches only through the workbench store's organisation scope, so another organisation's search,
 * label, watch or comparison reads as `not_found` on every path.
 */
import type { SearchResult } from '../../contracts/hub-api.ts';
import type { RunComparison, SearchLabel, SearchLabelInput, Watch, WatchInput, WatchNotification, WatchPatch } from '../../contracts/workbench.ts';
import { isRenkeiError, RenkeiError } from '../../core/errors.ts';
import { diffRuns } from '../../core/workbench/run-diff.ts';
import { normaliseLabel } from '../../core/workbench/search-label.ts';
import { managesOrgWatches, nextRunAfter } from '../../core/workbench/watch-schedule.ts';
import type { HubStore } from '../../storage/hub/port.ts';
import type { RunOutcome, StoredWatch, WorkbenchActor, WorkbenchStore } from '../../storage/workbench/port.ts';
import type { HubPrincipal } from '../auth/auth-service.ts';
import type { NotificationService } from '../notifications/notification-service.ts';
import type { Searcher } from '../search/search-service.ts';

/** Earlier searches with as many values opened to find the previous run of a list. */
const PREVIOUS_CANDIDATES = 10;
const NOTIFICATIONS_SHOWN = 50;

export interface WorkbenchDeps {
  store: WorkbenchStore;
  hub: HubStore;
  readSearch(orgId: number, id: string): Promise<SearchResult>;
  runSearch(who: Searcher, values: string[]): Promise<SearchResult>;
  notifications: NotificationService;
  now: () => number;
}

export interface WorkbenchService {
  setLabel(who: HubPrincipal, searchId: string, input: SearchLabelInput): Promise<{ label: SearchLabel | null }>;
  labels(who: HubPrincipal): Promise<SearchLabel[]>;
  /** `laterId` compared with `earlierId`, hit by hit. */
  compare(who: HubPrincipal, laterId: string, earlierId: string): Promise<RunComparison>;
  /** The latest earlier run of the same list that still has its result, or null. */
  previous(who: HubPrincipal, id: string): Promise<string | null>;
  createWatch(who: HubPrincipal, input: WatchInput): Promise<Watch>;
  listWatches(who: HubPrincipal): Promise<Watch[]>;
  updateWatch(who: HubPrincipal, id: number, patch: WatchPatch): Promise<Watch>;
  deleteWatch(who: HubPrincipal, id: number): Promise<void>;
  /** Makes the watch due now; the scheduler runs it on its next tick. */
  runNow(who: HubPrincipal, id: number): Promise<Watch>;
  notifications(who: HubPrincipal): Promise<{ notifications: WatchNotification[]; unseen: number }>;
  markSeen(who: HubPrincipal, upTo: number): Promise<void>;
  /** Runs a claimed watch (scheduler): searches its list as its owner, compares with its latest run, tells the owner. */
  runWatch(w: StoredWatch): Promise<RunOutcome>;
}

const actorOf = (p: HubPrincipal): WorkbenchActor & { login: string } => ({ userId: p.userId, orgId: p.orgId, role: p.role, login: p.login });
const valueSet = (r: SearchResult): string => r.results.map((x) => `${x.type}\u0000${x.value}`).sort().join('\u0001');

function toWatch(w: StoredWatch, who: HubPrincipal): Watch {
  return {
    id: w.id, name: w.name, owner: w.ownerLogin, valueCount: w.values.length, intervalHours: w.intervalHours, enabled: w.enabled, email: w.email, webhook: w.webhook,
    createdAt: w.createdAt, nextRunAt: w.nextRunAt, lastRunAt: w.lastRunAt, lastSearchId: w.lastSearchId, lastNewHits: w.lastNewHits, lastError: w.lastError,
    canEdit: w.ownerUserId === who.userId || managesOrgWatches(who.role),
  };
}

/** Builds the service. */
export function createWorkbenchService(deps: WorkbenchDeps): WorkbenchService {
  const { store } = deps;
  const missingWatch = (id: number) => new RenkeiError('not_found', `no watch ${id}`);
  const editable = async (who: HubPrincipal, id: number, change: Parameters<WorkbenchStore['updateWatch']>[2]): Promise<Watch> => {
    const w = await store.updateWatch(actorOf(who), id, change);
    if (w) return toWatch(w, who);
    // Readable but not the caller's to change: say so; another organisation's watch does not exist.
    if (await store.getWatch(who.orgId, id)) throw new RenkeiError('forbidden', 'only the watch’s owner or an organisation admin may change it');
    throw missingWatch(id);
  };
  return {
    async setLabel(who, searchId, input) {
      await deps.readSearch(who.orgId, searchId);
      const label = await store.setLabel(actorOf(who), searchId, normaliseLabel(input), deps.now());
      return { label };
    },
    labels: (who) => store.labels(who.orgId),
    async compare(who, laterId, earlierId) {
      const [later, earlier] = await Promise.all([deps.readSearch(who.orgId, laterId), deps.readSearch(who.orgId, earlierId)]);
      return { earlier: { id: earlier.id, createdAt: earlier.createdAt }, later: { id: later.id, createdAt: later.createdAt }, ...diffRuns(earlier, later) };
    },
    async previous(who, id) {
      const me = await deps.readSearch(who.orgId, id);
      const mine = valueSet(me);
      const rows = (await deps.hub.listSearches(who.orgId, 500)).filter((s) => s.id !== id && s.createdAt < me.createdAt && s.valueCount === me.results.length && s.resultJson !== null);
      rows.sort((a, b) => b.createdAt - a.createdAt);
      for (const s of rows.slice(0, PREVIOUS_CANDIDATES)) if (valueSet(JSON.parse(s.resultJson!) as SearchResult) === mine) return s.id;
      return null;
    },
    async createWatch(who, input) {
      const s = await deps.readSearch(who.orgId, input.searchId);
      const at = deps.now();
      const name = input.name.trim() || ((await store.labels(who.orgId, [s.id]))[0]?.ticket ?? '');
      const w = await store.createWatch({
        orgId: who.orgId, ownerUserId: who.userId, ownerLogin: who.login, name, values: s.results.map((r) => r.input), intervalHours: input.intervalHours,
        email: input.email, webhook: input.webhook, searchId: s.id, createdAt: at, nextRunAt: nextRunAfter(at, input.intervalHours),
      });
      return toWatch(w, who);
    },
    async listWatches(who) {
      return (await store.listWatches(who.orgId)).map((w) => toWatch(w, who));
    },
    async updateWatch(who, id, patch) {
      const change: Parameters<WorkbenchStore['updateWatch']>[2] = { ...patch };
      // A new interval counts from the latest run (or from now, before the first).
      if (patch.intervalHours !== undefined) {
        const w = await store.getWatch(who.orgId, id);
        if (!w) throw missingWatch(id);
        change.nextRunAt = nextRunAfter(w.lastRunAt ?? deps.now(), patch.intervalHours);
      }
      return editable(who, id, change);
    },
    async deleteWatch(who, id) {
      if (await store.deleteWatch(actorOf(who), id)) return;
      if (await store.getWatch(who.orgId, id)) throw new RenkeiError('forbidden', 'only the watch’s owner or an organisation admin may delete it');
      throw missingWatch(id);
    },
    runNow: (who, id) => editable(who, id, { nextRunAt: deps.now(), enabled: true }),
    async notifications(who) {
      return store.notifications(actorOf(who), NOTIFICATIONS_SHOWN);
    },
    markSeen: (who, upTo) => store.markSeen(actorOf(who), upTo),
    async runWatch(w) {
      const owner = await deps.hub.getUser(w.ownerUserId);
      const org = await deps.hub.getOrg(w.orgId);
      // The owner left the organisation (or was removed): the watch does not search for anyone else.
      if (!owner || owner.orgId !== w.orgId || !org) return { error: 'forbidden' };
      let result: SearchResult;
      try {
        result = await deps.runSearch({ userId: owner.id, orgId: org.id, orgName: org.name, orgUuid: org.uuid }, w.values);
      } catch (e) {
        return { error: isRenkeiError(e) ? e.code : 'internal' };
      }
      // A purged baseline compares with nothing: every hit is new (told rather than missed).
      const baseline = await deps.readSearch(w.orgId, w.lastSearchId).catch(() => ({ results: [] as SearchResult['results'] }));
      const diff = diffRuns(baseline, result);
      const newHits = diff.newHits.length;
      if (newHits > 0 && (w.email || w.webhook)) {
        const member = await deps.hub.getMemberByOrg(w.orgId);
        // Counts and the watch's name only: the values and whose data they hit stay in the hub.
        if (member) {
          await deps.notifications.queueMessage(member.id, `watch:${w.id}:${result.id}`, { email: w.email, webhook: w.webhook }, (locale) => {
            const subject = locale === 'ja' ? `[Renkei] ウォッチ「${w.name || w.id}」に新たなヒット ${newHits} 件` : `[Renkei] Watch "${w.name || w.id}": ${newHits} new hits`;
            const text = locale === 'ja'
              ? `ウォッチ「${w.name || w.id}」（${w.values.length} 件の値）を再検索し、前回にない新たなヒットが ${newHits} 件見つかりました。\nハブの「ウォッチ」画面で確認してください（検索 ${result.id}）。\n`
              : `Watch "${w.name || w.id}" (${w.values.length} values) ran again and found ${newHits} hits the previous run did not have.\nSee "Watches" on the hub (search ${result.id}).\n`;
            return { subject, text, payload: { type: 'watch', watchId: w.id, name: w.name, searchId: result.id, previousId: w.lastSearchId, newHits } };
          });
        }
      }
      return { searchId: result.id, newHits, notify: newHits > 0 ? { previousId: w.lastSearchId } : null };
    },
  };
}

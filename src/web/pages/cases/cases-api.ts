/**
 * The cases calls the page makes (`/api/v1/cases`, see src/contracts/cases/cases-api.ts). Kept beside the
 * page so the feature does not edit the shared client; failures become `ApiFailure` with the wire code.
 */
import { jsonCall, type JsonCallOptions } from '../../api/json-call.ts';

export interface CaseSummary {
  id: number;
  title: string;
  state: string;
  severity: string;
  tlp: string;
  updatedAt: number;
  counts: TriageCounts;
}
export interface TriageCounts {
  black: number;
  red: number;
  yellow: number;
  green: number;
  untriaged: number;
}
export type DamageView =
  | { status: 'incomplete'; missing: Array<{ field: string; problem: string }> }
  | { status: 'complete'; damage: { yen: string; ja: string; en: string; plain: string }; revenuePerHour: { ja: string; en: string; plain: string }; formula: Record<'ja' | 'en', { revenuePerHour: string; damage: string }> };
/** A case's damage inputs; null means "from the member's figures / from the timeline / from triage". */
export interface DamageSettings {
  annualRevenueYen: string | null;
  businessDays: number | null;
  hoursPerDay: number | null;
  downtimeHoursOverride: number | null;
  impactOverride: { affected: number; total: number } | { percent: number } | null;
}
export interface CaseView {
  case: CaseSummary & { description: string; outcome: string | null; pap: string; malwareFamilies: string[]; damage: DamageSettings };
  nextStates: string[];
  tasks: CaseTaskRow[];
  timeline: Array<{ id: number; occurredAt: string; what: string; source: string; indicators: string[]; hostIds: number[] }>;
  counts: TriageCounts;
  damage: DamageView;
}
export type HostTagValue = 'black' | 'red' | 'yellow' | 'green' | 'untriaged';
export interface HostRow {
  id: number;
  name: string;
  address: string | null;
  os: string | null;
  owner: string | null;
  tag: HostTagValue;
  priority: number | null;
  updatedAt: number;
}
export interface HostPage {
  hosts: HostRow[];
  counts: TriageCounts;
  matched: number;
  next: string | null;
}
export interface HostQuery {
  tag?: HostTagValue | undefined;
  q?: string | undefined;
  order?: 'name' | 'repair';
  limit?: number;
  cursor?: string | null | undefined;
}
/** A bad CSV row: the UI translates `code` with `params`; `reason` is the hub's English text. */
export interface RowError {
  line: number;
  code: string;
  params: Record<string, string | number>;
  reason: string;
}
export interface CaseTaskRow {
  id: number;
  title: string;
  state: 'open' | 'in_progress' | 'done' | 'cancelled';
  ownerUserId: number | null;
  dueAt: number | null;
  templateKey: string | null;
  fromNoteId: number | null;
}
export interface SoapRevisionView {
  revision: number;
  authorLogin: string;
  at: number;
  subjective: string;
  objective: string;
  assessment: string;
  plan: string[];
  attachments: Array<{ name: string; sha256: string; size: number }>;
}
export interface SoapNoteView {
  id: number;
  revisions: SoapRevisionView[];
}
export interface SafeStatus {
  status: string;
  triage: TriageCounts;
  malwareFamilies: string[];
  indicators: string[];
  tlp: string;
}

export type CasesApiOptions = JsonCallOptions;

/** Builds the page's client. */
export function casesApi(opts: CasesApiOptions = {}) {
  // `path` is under /api/v1/cases unless it starts with '//' (another API of the hub, e.g. //rooms).
  const send = jsonCall(opts);
  const call = <T>(method: string, path: string, body?: unknown): Promise<T> => send<T>(method, `/api/v1${path.startsWith('//') ? path.slice(1) : `/cases${path}`}`, body);
  return {
    list: () => call<{ cases: CaseSummary[] }>('GET', '').then((r) => r.cases),
    create: (title: string, lang: 'ja' | 'en') => call<CaseView>('POST', '', { title, lang }),
    get: (id: number) => call<CaseView>('GET', `/${id}`),
    transition: (id: number, to: string, outcome?: string) => call<CaseView>('POST', `/${id}/transition`, { to, ...(outcome ? { outcome } : {}) }),
    setDamage: (id: number, damage: Partial<DamageSettings>) => call<CaseView>('PATCH', `/${id}`, { damage }),
    orgFigures: () => call<Pick<DamageSettings, 'annualRevenueYen' | 'businessDays' | 'hoursPerDay'>>('GET', '/settings'),
    setOrgFigures: (f: Pick<DamageSettings, 'annualRevenueYen' | 'businessDays' | 'hoursPerDay'>) => call<unknown>('PUT', '/settings', f),
    importHosts: (id: number, csv: string) => call<{ imported: number; errors: RowError[] }>('POST', `/${id}/hosts/import`, { csv }),
    hosts: (id: number, q: HostQuery) => {
      const p = new URLSearchParams();
      if (q.tag) p.set('tag', q.tag);
      if (q.q) p.set('q', q.q);
      if (q.order) p.set('order', q.order);
      if (q.limit) p.set('limit', String(q.limit));
      if (q.cursor) p.set('cursor', q.cursor);
      const qs = p.toString();
      return call<HostPage>('GET', `/${id}/hosts${qs ? `?${qs}` : ''}`);
    },
    tagHost: (id: number, hostId: number, tag: HostTagValue, reason: string) => call<HostRow>('POST', `/${id}/hosts/${hostId}/tag`, { tag, reason }),
    tagHosts: (id: number, hostIds: number[], tag: HostTagValue, reason: string) => call<{ changed: number[]; missing: number[] }>('POST', `/${id}/hosts/tag`, { hostIds, tag, reason }),
    setHostPlace: (id: number, hostId: number, priority: number | null) => call<HostRow>('PATCH', `/${id}/hosts/${hostId}`, { priority }),
    hostHistory: (id: number, hostId: number) => call<{ history: Array<{ from: HostTagValue | null; to: HostTagValue; reason: string; byUserId: number; at: number }> }>('GET', `/${id}/hosts/${hostId}/history`).then((r) => r.history),
    addTask: (id: number, t: { title: string; dueAt?: number | null }) => call<CaseTaskRow>('POST', `/${id}/tasks`, t),
    updateTask: (id: number, taskId: number, patch: Partial<Pick<CaseTaskRow, 'title' | 'state' | 'dueAt' | 'ownerUserId'>>) => call<CaseTaskRow>('PATCH', `/${id}/tasks/${taskId}`, patch),
    addNote: (id: number, n: { subjective: string; objective: string; assessment: string; plan: string[]; attachments?: Array<{ name: string; contentBase64: string }> }) => call<{ id: number }>('POST', `/${id}/notes`, n),
    reviseNote: (id: number, noteId: number, n: { subjective: string; objective: string; assessment: string; plan: string[] }) => call<SoapNoteView>('POST', `/${id}/notes/${noteId}/revisions`, n),
    notes: (id: number) => call<{ notes: SoapNoteView[] }>('GET', `/${id}/notes`).then((r) => r.notes),
    planToTasks: (id: number, noteId: number) => call<{ tasks: CaseTaskRow[] }>('POST', `/${id}/notes/${noteId}/plan-tasks`).then((r) => r.tasks),
    attachmentUrl: (id: number, sha256: string) => `${opts.base ?? ''}/api/v1/cases/${id}/attachments/${sha256}`,
    addTimeline: (id: number, e: { occurredAt: string; what: string; source: string; outage: 'start' | 'end' | null; indicators?: string[]; hostIds?: number[] }) => call<unknown>('POST', `/${id}/timeline`, e),
    /** Incident rooms this user can see (the rooms API), to share a status into. */
    rooms: () => call<{ rooms: Array<{ id: number; title: string }> }>('GET', '//rooms').then((r) => r.rooms),
    shareToRoom: (id: number, roomId: number, indicators: string[]) => call<{ roomId: number; postId: number | null; shared: SafeStatus }>('POST', `/${id}/share`, { roomId, indicators }),
    safeStatus: (id: number, indicators: string[]) => call<SafeStatus>('POST', `/${id}/safe-status`, { indicators }),
    /** The management report download (Markdown or a Chromium-printed PDF). */
    reportUrl: (id: number, format: 'md' | 'pdf', lang: 'ja' | 'en') => `${opts.base ?? ''}/api/v1/cases/${id}/report.${format}?lang=${lang}`,
    exportUrl: (id: number, format: 'markdown' | 'html' | 'json', lang: 'ja' | 'en') => `${opts.base ?? ''}/api/v1/cases/${id}/export?format=${format}&lang=${lang}`,
  };
}

export type CasesApi = ReturnType<typeof casesApi>;

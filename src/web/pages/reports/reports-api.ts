/**
 * The report calls the page makes (`/api/v1/reports`, see src/contracts/reports/reports-api.ts). Kept
 * beside the page so the feature does not edit the shared client; failures become `ApiFailure` with the
 * wire code (the page translates codes, never shows the hub's English message alone).
 */
import { jsonCall, type JsonCallOptions } from '../../api/json-call.ts';
import type { ReportSummaryWire } from '../../../contracts/reports/reports-api.ts';
import type { ReportContent } from '../../../core/reports/model.ts';

export type { ReportSummaryWire, ReportContent };
export interface ReportView {
  report: ReportSummaryWire;
  content: ReportContent;
}

export type AlertLevel = 'green' | 'yellow' | 'orange' | 'red';
export interface AlertLevelView {
  level: AlertLevel;
  since: number | null;
  reason: string | null;
  criteria: Record<AlertLevel, { ja: string; en: string }>;
  history: Array<{ level: AlertLevel; reason: string; setAt: number }>;
}
export interface AlertSuggestion {
  week: string;
  level: AlertLevel;
  reasons: Array<{ ja: string; en: string }>;
}

export type ReportsApiOptions = JsonCallOptions;

/** Builds the page's client. */
export function reportsApi(opts: ReportsApiOptions = {}) {
  const base = `${opts.base ?? ''}/api/v1/reports`;
  const send = jsonCall(opts);
  const call = <T>(method: string, path: string, body?: unknown): Promise<T> => send<T>(method, `/api/v1/reports${path}`, body);
  return {
    list: () => call<{ reports: ReportSummaryWire[] }>('GET', '').then((r) => r.reports),
    create: (b: { period: { kind: 'week' | 'month' | 'quarter'; start: string }; lang: 'ja' | 'en'; audience: 'members' | 'public' }) => call<ReportView>('POST', '', b),
    get: (id: number) => call<ReportView>('GET', `/${id}`),
    versions: (id: number) => call<{ versions: ReportSummaryWire[] }>('GET', `/${id}/versions`).then((r) => r.versions),
    editSection: (id: number, section: string, edit: { title?: string; paragraphs?: string[]; removed?: boolean }) => call<ReportView>('PATCH', `/${id}/sections/${section}`, edit),
    publish: (id: number, changeNote?: string) => call<ReportView>('POST', `/${id}/publish`, changeNote ? { changeNote } : {}),
    correct: (id: number) => call<ReportView>('POST', `/${id}/corrections`, {}),
    alertLevel: () => call<AlertLevelView>('GET', '/alert-level'),
    suggestAlertLevel: () => call<AlertSuggestion>('GET', '/alert-level/suggestion'),
    setAlertLevel: (level: AlertLevel, reason: string) => call<AlertLevelView>('PUT', '/alert-level', { level, reason }),
    htmlUrl: (id: number) => `${base}/${id}/report.html`,
    pdfUrl: (id: number) => `${base}/${id}/report.pdf`,
    dataUrl: (citationId: string, ext: 'csv' | 'json') => `${base}/data/${citationId}.${ext}`,
  };
}

export type ReportsApi = ReturnType<typeof reportsApi>;

/** Wire shapes of stored report rows (summary + parsed content) and the viewer of an actor. */
import type { ReportContent } from '../../core/reports/model.ts';
import { tlpOf } from '../../core/reports/model.ts';
import type { ReportSummaryWire } from '../../contracts/reports/reports-api.ts';
import type { ReportRow, ReportSummaryRow, ReportViewer } from '../../storage/reports/port.ts';

/** Who calls: null when anonymous. */
export type ReportActor = { userId: number; orgName: string; role: string } | null;

/** The store's read rule for an actor: anonymous → public, hub admins → admin (drafts), else member. */
export function viewerOf(actor: ReportActor): ReportViewer {
  if (!actor) return 'public';
  return actor.role === 'hub-admin' ? 'admin' : 'member';
}

export function summaryWire(r: ReportSummaryRow): ReportSummaryWire {
  return {
    id: r.id,
    series: r.series,
    state: r.state,
    version: r.version,
    supersedes: r.supersedes,
    changeNote: r.changeNote,
    lang: r.lang,
    audience: r.audience,
    tlp: tlpOf(r.audience),
    periodCode: r.periodCode,
    title: r.title,
    createdAt: r.createdAt,
    publishedAt: r.publishedAt,
  };
}

/** A report version as served: its metadata and its content. */
export interface ReportView {
  report: ReportSummaryWire;
  content: ReportContent;
}

export function reportView(r: ReportRow): ReportView {
  const { contentJson, ...summary } = r;
  return { report: summaryWire(summary), content: JSON.parse(contentJson) as ReportContent };
}

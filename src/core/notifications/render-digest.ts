/**
 * One notification per batch, in the recipient's language: an e-mail digest (subject + plain text with a
 * CSV block an ISP's own systems can read) and a webhook payload shaped after X-ARF v4 (one object per
 * report). Reporting members are only counted, never named.
 */

/** A report as it goes into a notification. */
export interface DigestReport {
  address: string;
  category: string;
  windowStart: number;
  firstSeen: number;
  lastSeen: number;
  count: number;
  sources: string[];
  reporterCount: number;
  evidence: Record<string, unknown>;
}

const TEXT = {
  ja: {
    subject: (n: number, ticket: string) => `[Renkei ${ticket}] お客様のアドレス空間で観測されたホスト ${n} 件`,
    intro: (member: string) => `${member} ご担当者様\n\nRenkei の参加組織とフィードが、貴組織に登録されたアドレス空間内の以下のホストを報告しました。利用者への連絡にご活用ください。`,
    reported: (n: number) => `報告した参加組織: ${n}`,
    footer: 'このチケット番号を付けて返信すると、報告に紐付けられます。',
  },
  en: {
    subject: (n: number, ticket: string) => `[Renkei ${ticket}] ${n} hosts observed in your address space`,
    intro: (member: string) => `Dear ${member} team,\n\nRenkei members and feeds reported the following hosts inside the address space registered to you. Please use it to warn the users concerned.`,
    reported: (n: number) => `reported by members: ${n}`,
    footer: 'Reply with this ticket number to have your answer linked to the reports.',
  },
} as const;

const iso = (ms: number): string => new Date(ms).toISOString();
const csvCell = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The reports as CSV (header line first, one line per report, newline-terminated): digest block and export. */
export function renderReportsCsv(reports: readonly DigestReport[]): string {
  const lines = ['address,category,first_seen,last_seen,count,sources,reporter_members'];
  for (const r of reports) lines.push([r.address, r.category, iso(r.firstSeen), iso(r.lastSeen), String(r.count), r.sources.join(' '), String(r.reporterCount)].map(csvCell).join(','));
  return `${lines.join('\n')}\n`;
}

/** Subject and plain-text body of an e-mail digest. */
export function renderEmailDigest(locale: 'ja' | 'en', member: string, ticket: string, reports: readonly DigestReport[]): { subject: string; body: string } {
  const t = TEXT[locale];
  const members = reports.reduce((m, r) => Math.max(m, r.reporterCount), 0);
  const body = `${t.intro(member)}\n\nTicket: ${ticket}\n${t.reported(members)}\n\n${renderReportsCsv(reports)}\n${t.footer}\n`;
  return { subject: t.subject(reports.length, ticket), body };
}

/** One X-ARF-v4-shaped report per host; `ticket` names the notification that carried it, if any. */
export function xarfReports(hub: string, reports: ReadonlyArray<DigestReport & { ticket?: string | null }>, ticket: string | null): Array<Record<string, unknown>> {
  return reports.map((r) => ({
    xarf_version: '4.0.0',
    report_id: `${ticket ?? r.ticket ?? 'open'}:${r.address}:${r.category}:${r.windowStart}`,
    timestamp: iso(r.lastSeen),
    reporter: { org: hub, domain: hub },
    source_identifier: r.address,
    category: r.category,
    evidence_source: r.sources,
    first_seen: iso(r.firstSeen),
    count: r.count,
    reporter_members: r.reporterCount,
    evidence: r.evidence,
  }));
}

/** Webhook payload: the batch with one X-ARF-v4-shaped report per host. */
export function renderWebhookPayload(hub: string, ticket: string, idempotencyKey: string, reports: readonly DigestReport[]): string {
  return JSON.stringify({ ticket, idempotencyKey, reports: xarfReports(hub, reports, ticket) });
}

/** A delivery as a directive renders it (the outbox's draft shape). */
export interface RenderedDelivery {
  channel: 'email' | 'webhook';
  target: string;
  subject: string;
  body: string;
  contentType: 'application/json' | 'text/csv' | null;
}

/** A recipient's directive as far as rendering goes. */
export interface RenderDirective {
  format: 'in-app' | 'xarf' | 'csv' | 'email-digest';
  locale: 'ja' | 'en';
  email: string | null;
  webhookUrl: string | null;
}

/**
 * The deliveries of one notification under a directive: `in-app` none (the ticket is in the inbox);
 * `email-digest` the ja/en text digest by e-mail and X-ARF by webhook; `xarf` and `csv` that document on
 * every channel (an e-mail carries it as an attachment, its text is the subject).
 */
export function renderDirectiveDrafts(d: RenderDirective, n: { hub: string; member: string; ticket: string; webhookKey: string }, reports: readonly DigestReport[]): RenderedDelivery[] {
  if (d.format === 'in-app') return [];
  const out: RenderedDelivery[] = [];
  const digest = renderEmailDigest(d.locale, n.member, n.ticket, reports);
  const xarf = renderWebhookPayload(n.hub, n.ticket, n.webhookKey, reports);
  if (d.email) {
    if (d.format === 'email-digest') out.push({ channel: 'email', target: d.email, ...digest, contentType: null });
    else if (d.format === 'csv') out.push({ channel: 'email', target: d.email, subject: digest.subject, body: renderReportsCsv(reports), contentType: 'text/csv' });
    else out.push({ channel: 'email', target: d.email, subject: digest.subject, body: JSON.stringify({ ticket: n.ticket, reports: xarfReports(n.hub, reports, n.ticket) }), contentType: 'application/json' });
  }
  if (d.webhookUrl) {
    if (d.format === 'csv') out.push({ channel: 'webhook', target: d.webhookUrl, subject: n.ticket, body: renderReportsCsv(reports), contentType: 'text/csv' });
    else out.push({ channel: 'webhook', target: d.webhookUrl, subject: n.ticket, body: xarf, contentType: null });
  }
  return out;
}

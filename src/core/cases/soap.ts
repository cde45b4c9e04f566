/**
 * SOAP notes, as in a clinical record: S — what users and staff report; O — objective data (tool output,
 * captures, hashes of collected files); A — what S and O mean; P — the actions, one per line (each line
 * can become a task). Notes are append-only: an edit is a new revision, the old ones stay.
 */

/** A file kept with a note, named by its SHA-256. */
export interface NoteAttachment {
  name: string;
  sha256: string;
  size: number;
}

export interface SoapContent {
  subjective: string;
  objective: string;
  assessment: string;
  /** One action per line. */
  plan: string[];
}

export interface SoapRevision extends SoapContent {
  revision: number;
  authorUserId: number;
  authorLogin: string;
  at: number;
  attachments: NoteAttachment[];
}

export interface SoapNote {
  id: number;
  caseId: number;
  /** Oldest first; the last is the current text. */
  revisions: SoapRevision[];
}

/** The current text of a note. */
export function currentRevision(note: SoapNote): SoapRevision {
  return note.revisions[note.revisions.length - 1]!;
}

/** Plan lines as they become task titles: trimmed, empty lines dropped. */
export function planTasks(plan: readonly string[]): string[] {
  return plan.map((l) => l.trim()).filter((l) => l.length > 0);
}

const LABELS = {
  ja: { title: 'ケース記録', s: 'S（主観的情報）', o: 'O（客観的情報）', a: 'A（評価）', p: 'P（計画）', rev: '版', by: '記入', files: '添付', none: '（なし）' },
  en: { title: 'Case journal', s: 'S (subjective)', o: 'O (objective)', a: 'A (assessment)', p: 'P (plan)', rev: 'revision', by: 'by', files: 'attachments', none: '(none)' },
} as const;

/** The notes as a readable journal in Markdown, oldest first, each at its current revision. */
export function renderJournal(notes: readonly SoapNote[], lang: 'ja' | 'en', formatTime: (ms: number) => string): string {
  const l = LABELS[lang];
  const out: string[] = [`## ${l.title}`, ''];
  for (const n of notes) {
    const r = currentRevision(n);
    out.push(`### #${n.id} — ${formatTime(r.at)} — ${l.by} ${r.authorLogin}${r.revision > 1 ? ` (${l.rev} ${r.revision})` : ''}`, '');
    const block = (label: string, text: string): void => {
      out.push(`**${label}**`, '', text.trim() === '' ? l.none : text.trim(), '');
    };
    block(l.s, r.subjective);
    block(l.o, r.objective);
    if (r.attachments.length > 0) out.push(`${l.files}:`, ...r.attachments.map((a) => `- ${a.name} (${a.size} B, SHA-256 ${a.sha256})`), '');
    block(l.a, r.assessment);
    const plan = planTasks(r.plan);
    out.push(`**${l.p}**`, '', ...(plan.length ? plan.map((p) => `- ${p}`) : [l.none]), '');
  }
  return out.join('\n');
}

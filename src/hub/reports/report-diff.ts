/**
 * What a corrected version changed against the version it supersedes: figures (by citation id) whose
 * value or status differ, sections edited, removed or restored. Appended to the reviewer's change note.
 */
import type { ReportContent, ReportFigure } from '../../core/reports/model.ts';

const shown = (f: ReportFigure | undefined): string => (!f ? '—' : f.status === 'published' ? String(f.value) : f.status);

function figures(c: ReportContent): Map<string, ReportFigure> {
  const out = new Map<string, ReportFigure>();
  for (const s of c.sections) {
    if (s.removed) continue;
    for (const t of s.tables) for (const f of [...t.rows, ...(t.total ? [t.total] : [])]) out.set(f.citationId, f);
  }
  return out;
}

/** One line per change, in the report's language. */
export function describeChanges(before: ReportContent, after: ReportContent): string[] {
  const lines: string[] = [];
  const ja = after.lang === 'ja';
  const a = figures(before);
  const b = figures(after);
  for (const id of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const x = a.get(id);
    const y = b.get(id);
    if (shown(x) !== shown(y)) lines.push(`${id}: ${shown(x)} → ${shown(y)}`);
  }
  const old = new Map(before.sections.map((s) => [s.id, s]));
  for (const s of after.sections) {
    const o = old.get(s.id);
    if (!o) lines.push(ja ? `節「${s.title}」を追加` : `section "${s.title}" added`);
    else if (o.removed !== s.removed) lines.push(ja ? `節「${s.title}」を${s.removed ? '削除' : '復元'}` : `section "${s.title}" ${s.removed ? 'removed' : 'restored'}`);
    else if (o.title !== s.title || o.paragraphs.join('\n') !== s.paragraphs.join('\n')) lines.push(ja ? `節「${s.title}」の本文を修正` : `section "${s.title}" text revised`);
  }
  return lines;
}

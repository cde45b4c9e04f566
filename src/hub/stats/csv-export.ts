/**
 * CSV renderings of statistics views, each with header comments naming the time range, sensor count and
 * what was withheld for having too few contributing members.
 */
import type { Withheld } from '../../core/stats/member-threshold.ts';

const cell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  // Quote when needed; a leading formula character is neutralised so spreadsheets do not execute it.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** Renders rows under `# …` header lines. */
export function toCsv(
  meta: { title: string; from: string; to: string; sensors: number; scope: string; minMembers: number; withheld: Withheld },
  header: string[],
  rows: unknown[][],
): string {
  const events = meta.withheld.events === null ? 'undisclosed' : String(meta.withheld.events);
  const lines = [
    `# Renkei community statistics: ${meta.title}`,
    `# time range: ${meta.from} to ${meta.to} (UTC); contributing sensors: ${meta.sensors}; scope: ${meta.scope}`,
    `# minimum contributing members per figure: ${meta.minMembers}; withheld figures: ${meta.withheld.items}; withheld events: ${events}`,
    `# generated: ${new Date().toISOString()}`,
    header.join(','),
    ...rows.map((r) => r.map(cell).join(',')),
  ];
  return lines.join('\r\n') + '\r\n';
}

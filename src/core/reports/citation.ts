/**
 * Citation ids and lines. An id names a figure by period, audience, table and row, never by report
 * version, so a corrected report keeps the ids of the figures it did not change and a quote stays valid.
 */
import type { Bilingual, ReportAudience } from './model.ts';
import { periodShort, type PeriodRange } from './period.ts';

const safe = (s: string): string => s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\./, '_');

/** `2026-11/public/top-ports` for a table, `2026-11/public/top-ports/23` for one of its rows. */
export function citationId(period: PeriodRange, audience: ReportAudience, tableId: string, rowKey?: string): string {
  return [period.code, audience, safe(tableId), ...(rowKey === undefined ? [] : [safe(rowKey)])].join('/');
}

/** Checks the shape of a citation id (what the resolver accepts). */
export function isCitationId(s: string): boolean {
  return /^\d{4}-(\d{2}|Q[1-4]|W\d{2})\/(members|public)\/[A-Za-z0-9_][A-Za-z0-9._-]*(\/[A-Za-z0-9_][A-Za-z0-9._-]*)?$/.test(s);
}

/** 「出典：X コミュニティ統計（2026年11月、会員12社・センサー40台）」 and its English twin. */
export function citationLine(issuer: string, period: PeriodRange, members: number, sensors: number | null): Bilingual {
  const ja = `出典：${issuer} コミュニティ統計（${periodShort(period, 'ja')}、会員${members}社${sensors === null ? '' : `・センサー${sensors}台`}）`;
  const en = `Source: ${issuer} community statistics (${periodShort(period, 'en')}, ${members} member${members === 1 ? '' : 's'}${sensors === null ? '' : `, ${sensors} sensor${sensors === 1 ? '' : 's'}`})`;
  return { ja, en };
}

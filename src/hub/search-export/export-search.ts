/**
 * Exports one stored search of the caller's organisation. Reading goes through `readOwnSearch`, the same
 * owner rule as GET /api/v1/searches/:id (another organisation's search is "not found"), and the rows are
 * the stored result's, which hold only what each member let the searcher see.
 */
import type { SearchResult } from '../../contracts/hub-api.ts';
import type { SearchExportRequest } from '../../contracts/search-export.ts';
import { RenkeiError } from '../../core/errors.ts';
import { toBlocklist } from './format-blocklist.ts';
import { toCsv } from './format-csv.ts';
import { toMispEvent } from './format-misp.ts';
import { toStixBundle } from './format-stix.ts';
import { summarise } from './value-summary.ts';

export interface ExportFile {
  filename: string;
  contentType: string;
  body: string;
}

/** `renkei-search-<first 8 of id>-<UTC date>[-suffix].<ext>`: the search and its date, safe in any file system. */
export function exportFilename(search: { id: string; createdAt: number }, ext: string, suffix?: string): string {
  const day = new Date(search.createdAt).toISOString().slice(0, 10);
  const tail = suffix ? `-${suffix.replace(/[^A-Za-z0-9._-]+/g, '_')}` : '';
  return `renkei-search-${search.id.slice(0, 8)}-${day}${tail}.${ext}`;
}

/** Formats the chosen rows of `result`; indexes out of range are a validation error, not a silent skip. */
export function exportSearch(result: SearchResult, req: SearchExportRequest): ExportFile {
  const n = result.results.length;
  const bad = (req.indexes ?? []).filter((i) => i >= n);
  if (bad.length) throw new RenkeiError('validation_failed', `row indexes out of range (the search has ${n} rows): ${bad.slice(0, 5).join(', ')}`, { indexes: bad.slice(0, 20) });
  const picked = req.indexes ? [...new Set(req.indexes)].sort((a, b) => a - b).map((i) => result.results[i]!) : result.results;
  const hasHits = (r: SearchResult['results'][number]): boolean => r.details.length > 0;
  const hitsOnly = req.hitsOnly || req.format !== 'csv';
  const rows = picked.filter((r) => !hitsOnly || hasHits(r)).map(summarise);
  const search = { id: result.id, createdAt: result.createdAt, org: result.org };
  switch (req.format) {
    case 'csv':
      return { filename: exportFilename(search, 'csv'), contentType: 'text/csv; charset=utf-8', body: toCsv(rows, req.bom) };
    case 'misp':
      return { filename: exportFilename(search, 'json', 'misp'), contentType: 'application/json; charset=utf-8', body: JSON.stringify(toMispEvent(search, rows), null, 2) };
    case 'stix':
      return { filename: exportFilename(search, 'json', 'stix'), contentType: 'application/stix+json; charset=utf-8', body: JSON.stringify(toStixBundle(search, rows).bundle, null, 2) };
    case 'blocklist':
      return { filename: exportFilename(search, 'txt', `blocklist-${req.type!}`), contentType: 'text/plain; charset=utf-8', body: toBlocklist(rows, req.type!) };
  }
}

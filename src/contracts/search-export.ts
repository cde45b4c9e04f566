/**
 * Exports of a stored search (POST /api/v1/searches/:id/export): CSV (optionally with a UTF-8 byte-order
 * mark so Excel reads Japanese text), a MISP event, a STIX 2.1 bundle, or a plain blocklist of one type.
 * `indexes` picks the rows the analyst sees (filters applied in the UI); absent = every row.
 */
import { z } from 'zod';

export const EXPORT_FORMATS = ['csv', 'misp', 'stix', 'blocklist'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** At most this many row indexes per request (a search holds at most this many values). */
export const MAX_EXPORT_INDEXES = 100_000;

export const SearchExportRequest = z
  .object({
    format: z.enum(EXPORT_FORMATS),
    /** CSV only: start with U+FEFF. */
    bom: z.boolean().default(false),
    indexes: z.array(z.number().int().nonnegative()).max(MAX_EXPORT_INDEXES).optional(),
    /** Only rows with at least one hit (always so for MISP, STIX and blocklists). */
    hitsOnly: z.boolean().default(false),
    /** Blocklist only: the indicator type to list (e.g. `ip-dst`, `domain`); required for blocklists. */
    type: z.string().min(1).max(64).optional(),
  })
  .strict()
  .refine((r) => r.format !== 'blocklist' || r.type !== undefined, { message: 'a blocklist needs a type', path: ['type'] });
export type SearchExportRequest = z.infer<typeof SearchExportRequest>;

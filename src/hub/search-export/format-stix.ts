/** A search's hits as a STIX 2.1 bundle: one indicator per value, TLP 2.0 markings from the hits' tags. */
import { attributeToStix, stixBundle } from '../../stix/events-to-stix.ts';
import { tlpMarkingObject, TLP2_IDS } from '../../stix/tlp-markings.ts';
import type { Tlp } from '../../core/sharing/tlp.ts';
import { derivedUuid, type ExportedSearch } from './format-misp.ts';
import type { ValueSummary } from './value-summary.ts';

/** The bundle; values STIX cannot express as a pattern (rare composites) are left out and counted. */
export function toStixBundle(search: ExportedSearch, rows: ValueSummary[]): { bundle: Record<string, unknown>; skipped: number } {
  const created = new Date(search.createdAt).toISOString();
  const used = new Set<Tlp>();
  const indicators: Record<string, unknown>[] = [];
  let skipped = 0;
  for (const s of rows) {
    const m = attributeToStix(s.row.type, s.row.value);
    if (!m) {
      skipped++;
      continue;
    }
    if (s.tlp) used.add(s.tlp);
    indicators.push({
      type: 'indicator',
      spec_version: '2.1',
      id: `indicator--${derivedUuid(search.id, s.row.type, s.row.value)}`,
      created,
      modified: created,
      name: s.row.value,
      description: s.events.map((e) => `${e.member}: ${e.info}`).join('\n'),
      pattern: m.pattern,
      pattern_type: 'stix',
      valid_from: s.firstSeen ?? created,
      labels: [...s.tags, ...s.matchKinds.map((k) => `renkei:match=${k}`)],
      ...(s.tlp ? { object_marking_refs: [TLP2_IDS[s.tlp]] } : {}),
    });
  }
  const marks = [...used].map((t) => tlpMarkingObject(t));
  return { bundle: stixBundle([...marks, ...indicators], derivedUuid(search.id, 'bundle')), skipped };
}

/**
 * The situation: composition adds the quotable deviation sentences of published figures, and the service
 * opens it with the period's published total (`report-service.ts`), so the source itself writes nothing.
 */
import type { ReportSectionSource } from '../../../core/reports/section-source.ts';

/** Builds the situation section source. */
export function situationSource(): ReportSectionSource {
  return {
    id: 'situation',
    async build() {
      return {
        kind: 'situation',
        id: 'situation',
        title: { ja: '概況', en: 'Situation' },
        paragraphs: [],
        tables: [],
        basis: { members: 0, sensors: null },
      };
    },
  };
}

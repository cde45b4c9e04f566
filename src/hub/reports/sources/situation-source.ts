/** The one-paragraph situation: an opening sentence; the builder appends the quotable deviation sentences. */
import type { ReportSectionSource } from '../../../core/reports/section-source.ts';
import { periodShort } from '../../../core/reports/period.ts';

/** Builds the situation section source. */
export function situationSource(): ReportSectionSource {
  return {
    id: 'situation',
    async build(req) {
      return {
        kind: 'situation',
        id: 'situation',
        title: { ja: '概況', en: 'Situation' },
        paragraphs: [{ ja: `${periodShort(req.period, 'ja')}の概況です。`, en: `The situation in ${periodShort(req.period, 'en')}.` }],
        tables: [],
        basis: { members: 0, sensors: null },
      };
    },
  };
}

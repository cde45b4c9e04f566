import { describe, expect, it } from 'vitest';
import { normaliseItemIndicators } from './indicators.ts';
import { markdownProblem, MAX_BODY_CHARS } from './markdown-safety.ts';
import { quotableSentences } from './question.ts';
import { boardCounts } from './room.ts';
import { tallyAnswers } from './tally.ts';

describe('normaliseItemIndicators', () => {
  it('refangs, dedupes and reports every bad value with its position', () => {
    const out = normaliseItemIndicators(['hxxp://evil[.]example/x', '192.0.2[.]1', '192.0.2.1', 'not an indicator ###', 'EVIL.example']);
    expect(out.indicators).toEqual([
      { type: 'url', value: 'http://evil.example/x' },
      { type: 'ip-dst', value: '192.0.2.1' },
      { type: 'domain', value: 'evil.example' },
    ]);
    expect(out.problems.map((p) => [p.index, p.input])).toEqual([[3, 'not an indicator ###']]);
  });
});

describe('markdownProblem', () => {
  it('refuses scripts, handlers, script URLs and huge bodies; accepts Markdown', () => {
    expect(markdownProblem('hello <script>alert(1)</script>')).toBe('raw HTML is not allowed in the body; write Markdown');
    expect(markdownProblem('<b onclick="x()">hi</b>')).toBe('raw HTML is not allowed in the body; write Markdown');
    expect(markdownProblem('[x](javascript:alert(1))')).toBe('script URLs are not allowed in the body');
    expect(markdownProblem('x'.repeat(MAX_BODY_CHARS + 1))).toBe(`body longer than ${MAX_BODY_CHARS} characters`);
    expect(markdownProblem('# Scan\n\n- port 23 from 192.0.2.0/24, a < b')).toBeNull();
  });
});

describe('tallyAnswers', () => {
  it('withholds below k, counts from k', () => {
    const keys = ['seen', 'not-seen'] as const;
    expect(tallyAnswers(keys, ['seen', 'seen'], 3)).toEqual({ released: false, respondents: null, counts: null, needed: 3 });
    expect(tallyAnswers(keys, ['seen', 'seen', 'not-seen'], 3)).toEqual({ released: true, respondents: 3, counts: { seen: 2, 'not-seen': 1 } });
  });
});

describe('quotableSentences', () => {
  it('quotes time in JST, respondents and the question in both languages', () => {
    const at = Date.UTC(2026, 11, 2, 6, 0); // 15:00 JST
    const s = quotableSentences({ text: 'Large-scale attacks from CN?', options: ['none', 'large-scale'] }, { respondents: 9, counts: [9, 0] }, at);
    expect(s).toEqual([
      { en: 'As of 2026-12-02 15:00 JST, 9 of the 9 responding members answered “none” to “Large-scale attacks from CN?”.', ja: '2026年12月2日15時時点で、回答した会員9社のうち9社が「Large-scale attacks from CN?」に「none」と回答しました。' },
      { en: 'As of 2026-12-02 15:00 JST, none of the 9 responding members answered “large-scale” to “Large-scale attacks from CN?”.', ja: '2026年12月2日15時時点で、回答した会員9社のいずれも「Large-scale attacks from CN?」に「large-scale」と回答していません。' },
    ]);
  });
});

describe('boardCounts', () => {
  it('counts each status', () => {
    expect(boardCounts([{ status: 'affected' }, { status: 'affected' }, { status: 'recovered' }])).toEqual({ 'not-affected': 0, investigating: 0, affected: 2, contained: 0, recovered: 1 });
  });
});

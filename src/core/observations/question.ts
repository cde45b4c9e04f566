/** Community questions ("are you seeing it too?"): fixed answers, a deadline, an audience, aggregated results. */
import type { Tlp } from '../sharing/tlp.ts';
import type { Audience, VisibleAuthor } from './model.ts';

/** What a question is about, where community statistics may cover it (same keys as the statistics). */
export interface QuestionSubject {
  dimension: 'country' | 'port' | 'signature';
  key: string;
}

/** The subject in the statistics' key form (country upper case, port and signature as plain numbers), or why not. */
export function normaliseSubject(s: QuestionSubject): { subject: QuestionSubject } | { problem: string } {
  const key = s.key.trim();
  if (s.dimension === 'country') return /^[A-Za-z]{2}$/.test(key) ? { subject: { dimension: 'country', key: key.toUpperCase() } } : { problem: `country must be a two-letter code: ${key}` };
  const n = /^\d{1,10}$/.test(key) ? Number(key) : NaN;
  if (s.dimension === 'port') return Number.isInteger(n) && n <= 65535 ? { subject: { dimension: 'port', key: String(n) } } : { problem: `port must be 0–65535: ${key}` };
  return Number.isInteger(n) && n > 0 ? { subject: { dimension: 'signature', key: String(n) } } : { problem: `signature must be a numeric signature id: ${key}` };
}

export interface QuestionDraft {
  text: string;
  /** The fixed answers, e.g. none / some / large-scale (2–6). */
  options: string[];
  /** Epoch ms after which no answer is taken. */
  deadline: number;
  tlp: Tlp;
  audience: Audience;
  anonymous: boolean;
  /** The country, port or signature it asks about; the community baseline for it is shown beside the answers. */
  subject?: QuestionSubject | null;
}

/** The result as a reader sees it: counts only once released, names only of those who chose to be named. */
export interface QuestionResult {
  released: boolean;
  /** Distinct organisations that answered (null until released). */
  respondents: number | null;
  counts: number[] | null;
  needed: number;
  /** Organisations that answered and chose to be named, with their answer. */
  named: Array<{ org: string; option: number }>;
}

export interface Question extends QuestionDraft {
  id: number;
  subject: QuestionSubject | null;
  author: VisibleAuthor;
  mine: boolean;
  createdAt: number;
  /** The reader's own organisation's answer, if any. */
  myAnswer: number | null;
  result: QuestionResult;
}


/** Date and hour in a time zone, as parts (Intl keeps core browser-safe). */
function zonedParts(at: number, timeZone: string): { y: string; m: string; d: string; h: string; min: string; tz: string } {
  const f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' });
  const parts = Object.fromEntries(f.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  const tz = timeZone === 'Asia/Tokyo' ? 'JST' : String(parts.timeZoneName);
  return { y: String(parts.year), m: String(parts.month), d: String(parts.day), h: String(parts.hour), min: String(parts.minute), tz };
}

/**
 * Sentences quoting a released result, one per option, in both languages, with the time, the number of
 * responding members and the question, so a report can cite them as they stand.
 */
export function quotableSentences(q: { text: string; options: readonly string[] }, r: { respondents: number; counts: readonly number[] }, at: number, timeZone = 'Asia/Tokyo'): Array<{ en: string; ja: string }> {
  const p = zonedParts(at, timeZone);
  const enTime = `${p.y}-${p.m}-${p.d} ${p.h}:${p.min} ${p.tz}`;
  const jaTime = `${Number(p.y)}年${Number(p.m)}月${Number(p.d)}日${Number(p.h)}時${p.min === '00' ? '' : `${Number(p.min)}分`}時点`;
  return q.options.map((option, i) => {
    const n = r.counts[i] ?? 0;
    const en =
      n === 0
        ? `As of ${enTime}, none of the ${r.respondents} responding members answered “${option}” to “${q.text}”.`
        : `As of ${enTime}, ${n} of the ${r.respondents} responding members answered “${option}” to “${q.text}”.`;
    const ja =
      n === 0
        ? `${jaTime}で、回答した会員${r.respondents}社のいずれも「${q.text}」に「${option}」と回答していません。`
        : `${jaTime}で、回答した会員${r.respondents}社のうち${n}社が「${q.text}」に「${option}」と回答しました。`;
    return { en, ja };
  });
}


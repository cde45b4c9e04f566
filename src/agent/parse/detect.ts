/** Format detection (per file, from its first lines) and the parser for each format. */
import { RenkeiError } from '../../core/errors.ts';
import { createCsvParser, type CsvMapping } from './csv.ts';
import { createEveParser } from './eve.ts';
import { createFastParser } from './fast.ts';
import { createIptablesParser } from './iptables.ts';
import type { LineParser } from './types.ts';

export const FORMATS = ['auto', 'eve', 'fast', 'iptables', 'csv', 'mixed'] as const;
export type LogFormat = (typeof FORMATS)[number];

const FAST_HINT = /\[\s*\d+:\d+:\d+\s*\]/;
const IPT_HINT = /(?:^|[^A-Za-z0-9_])IN=\S* .*SRC=\S+ DST=/;

/** Guesses the format of one line, or null. */
export function detectLine(line: string): Exclude<LogFormat, 'auto' | 'mixed'> | null {
  const t = line.trimStart();
  if (t.startsWith('{')) return 'eve';
  if (IPT_HINT.test(line)) return 'iptables';
  if (FAST_HINT.test(line) && line.includes('->')) return 'fast';
  return null;
}

/** Picks a format from sample lines: the one format seen, 'mixed' when several, 'csv' for a CSV header. */
export function detectFormat(sample: string[]): Exclude<LogFormat, 'auto'> | null {
  const seen = new Set<string>();
  for (const l of sample) {
    const f = detectLine(l);
    if (f) seen.add(f);
  }
  if (seen.size === 1) return [...seen][0] as Exclude<LogFormat, 'auto'>;
  if (seen.size > 1) return 'mixed';
  const first = sample.find((l) => l.trim() !== '');
  if (first && first.includes(',') && /(src|source|sip)/i.test(first) && /(dst|dest|destination|dip)/i.test(first)) return 'csv';
  return null;
}

/** Options shared by every parser. */
export interface ParserOptions {
  csvMapping?: CsvMapping;
  /** EVE event types to parse fully; others are skipped cheaply (default: parse everything). */
  eveTypes?: ReadonlySet<string>;
  now?: () => number;
}

/** Returns the line parser for a (non-auto) format. */
export function parserFor(format: Exclude<LogFormat, 'auto'>, opts: ParserOptions = {}): LineParser {
  const now = opts.now ?? Date.now;
  switch (format) {
    case 'eve':
      return createEveParser(opts.eveTypes && opts.eveTypes.size > 0 ? opts.eveTypes : undefined);
    case 'fast':
      return createFastParser(now);
    case 'iptables':
      return createIptablesParser(now);
    case 'csv':
      return createCsvParser(opts.csvMapping, now);
    case 'mixed': {
      const fast = createFastParser(now);
      const ipt = createIptablesParser(now);
      const eve = createEveParser(opts.eveTypes && opts.eveTypes.size > 0 ? opts.eveTypes : undefined);
      return (line) => {
        const f = detectLine(line);
        return f === 'eve' ? eve(line) : f === 'iptables' ? ipt(line) : f === 'fast' ? fast(line) : 'unknown_format';
      };
    }
    default:
      throw new RenkeiError('config_invalid', `unknown log format ${String(format)}`);
  }
}

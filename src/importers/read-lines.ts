/**
 * Streams a file as lines without holding it in memory. Lines longer than `maxLineChars` and lines
 * that are not valid UTF-8 come back flagged, so one bad line never stops the import.
 */
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

export type Line =
  | { line: number; text: string }
  | { line: number; error: string };

// StringDecoder turns invalid UTF-8 into U+FFFD; a line holding it is reported rather than imported.
const REPLACEMENT = '\uFFFD';

/** Yields 1-based numbered lines; strips a UTF-8 BOM on line 1 and a trailing `\r`. */
export async function* readLines(path: string, maxLineChars = 1 << 20): AsyncGenerator<Line> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let overflow = false;
  let lineNo = 0;
  const finish = (raw: string): Line => {
    lineNo++;
    if (overflow) return { line: lineNo, error: `line longer than ${maxLineChars} characters` };
    let t = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (lineNo === 1 && t.charCodeAt(0) === 0xfeff) t = t.slice(1);
    if (t.includes(REPLACEMENT)) return { line: lineNo, error: 'not valid UTF-8' };
    return { line: lineNo, text: t };
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 16 }) as AsyncIterable<Buffer>) {
    const s = decoder.write(chunk);
    let start = 0;
    for (;;) {
      const nl = s.indexOf('\n', start);
      if (nl === -1) break;
      const piece = s.slice(start, nl);
      if (rest.length + piece.length > maxLineChars) overflow = true;
      yield finish(rest ? rest + piece : piece);
      rest = '';
      overflow = false;
      start = nl + 1;
    }
    const tail = s.slice(start);
    if (overflow || rest.length + tail.length > maxLineChars) {
      overflow = true;
      rest = '';
    } else rest += tail;
  }
  const last = rest + decoder.end();
  if (last.length > 0 || overflow) yield finish(last);
}

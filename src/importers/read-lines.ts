/**
 * Streams a file as lines without holding it in memory. Lines longer than `maxLineBytes` and lines
 * that are not valid UTF-8 come back flagged, so one bad line never stops the import.
 */
import { createReadStream } from 'node:fs';

export type Line =
  | { line: number; text: string }
  | { line: number; error: string };

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Yields 1-based numbered lines; strips a UTF-8 BOM on line 1 and a trailing `\r`. */
export async function* readLines(path: string, maxLineBytes = 1 << 20): AsyncGenerator<Line> {
  let pending: Buffer[] = [];
  let pendingLen = 0;
  let overflow = false;
  let lineNo = 0;
  const finish = (buf: Buffer): Line => {
    lineNo++;
    if (overflow) return { line: lineNo, error: `line longer than ${maxLineBytes} bytes` };
    let b = buf;
    if (b.length > 0 && b[b.length - 1] === 0x0d) b = b.subarray(0, b.length - 1);
    if (lineNo === 1 && b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) b = b.subarray(3);
    try {
      return { line: lineNo, text: decoder.decode(b) };
    } catch {
      return { line: lineNo, error: 'not valid UTF-8' };
    }
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 16 }) as AsyncIterable<Buffer>) {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      if (nl === -1) break;
      const part = chunk.subarray(start, nl);
      const whole = pending.length ? Buffer.concat([...pending, part]) : part;
      if (pendingLen + part.length > maxLineBytes) overflow = true;
      yield finish(whole);
      pending = [];
      pendingLen = 0;
      overflow = false;
      start = nl + 1;
    }
    const rest = chunk.subarray(start);
    if (rest.length) {
      if (pendingLen + rest.length > maxLineBytes) {
        overflow = true;
        pending = [];
        pendingLen = maxLineBytes + 1;
      } else {
        pending.push(Buffer.from(rest));
        pendingLen += rest.length;
      }
    }
  }
  if (pendingLen > 0 || overflow) yield finish(Buffer.concat(pending));
}

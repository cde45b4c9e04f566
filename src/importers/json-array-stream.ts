/**
 * Streams the elements of a large MISP JSON export (`[…]` or `{"response":[…]}`) one at a time, so a
 * multi-gigabyte restSearch dump is imported in constant memory. A small scanner tracks strings and
 * nesting only; each element is then parsed with JSON.parse.
 */
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

export type ArrayElement = { index: number; value: unknown } | { index: number; error: string };

/** Largest single element accepted (an event with millions of attributes still fits). */
const MAX_ELEMENT_CHARS = 256 * 1024 * 1024;

/**
 * Yields each element of the top-level array, or of the `response` array of a top-level object.
 * Returns without yielding when the document has neither shape (callers then read it whole).
 */
export async function* jsonArrayElements(file: string): AsyncGenerator<ArrayElement> {
  const decoder = new StringDecoder('utf8');
  let buf = '';
  let pos = 0; // next char of buf to scan
  let start = -1; // start of the current element in buf
  let depth = 0;
  let inString = false;
  let esc = false;
  let keyStart = -1;
  let lastKey = '';
  let elemDepth = 0; // depth inside the target array (0 = not found yet)
  let index = 0;
  let done = false;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    buf += decoder.write(chunk);
    for (; pos < buf.length && !done; pos++) {
      const c = buf.charCodeAt(pos);
      if (inString) {
        if (esc) esc = false;
        else if (c === 0x5c) esc = true;
        else if (c === 0x22) {
          inString = false;
          if (keyStart >= 0) lastKey = buf.slice(keyStart, pos);
          keyStart = -1;
        }
        continue;
      }
      if (c === 0x22) {
        inString = true;
        if (depth === 1 && elemDepth === 0) keyStart = pos + 1;
      } else if (c === 0x7b || c === 0x5b) {
        if (elemDepth === 0) {
          if (depth === 0 && c === 0x5b) elemDepth = 1;
          else if (depth === 1 && c === 0x5b && lastKey === 'response') elemDepth = 2;
          else if (depth === 0 && c === 0x7b) {
            /* a top-level object: look for its "response" key */
          } else if (depth >= 1 && lastKey !== 'response') return;
        } else if (depth === elemDepth && start < 0) start = pos;
        depth++;
      } else if (c === 0x7d || c === 0x5d) {
        depth--;
        if (elemDepth > 0 && depth === elemDepth && start >= 0) {
          const text = buf.slice(start, pos + 1);
          start = -1;
          try {
            yield { index, value: JSON.parse(text) as unknown };
          } catch (e) {
            yield { index, error: `invalid JSON: ${(e as Error).message}` };
          }
          index++;
        } else if (elemDepth > 0 && depth < elemDepth) done = true;
      } else if (elemDepth === 0 && depth === 0 && c > 0x20 && c !== 0xfeff) return;
    }
    if (done) return;
    // Keep only what the current element (or nothing) still needs.
    const keep = Math.min(start >= 0 ? start : pos, keyStart >= 0 ? keyStart : pos);
    if (start >= 0 && pos - start > MAX_ELEMENT_CHARS) {
      yield { index, error: `element larger than ${MAX_ELEMENT_CHARS} characters` };
      return;
    }
    if (keep > 0) {
      buf = buf.slice(keep);
      pos -= keep;
      if (start >= 0) start -= keep;
      if (keyStart >= 0) keyStart -= keep;
    }
  }
}

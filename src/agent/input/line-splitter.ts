/**
 * Splits a byte stream into lines while tracking the byte offset just after the last newline (for
 * checkpoints). Lines longer than `maxBytes` are skipped whole and reported once with a short prefix;
 * only complete lines are decoded, so multi-byte characters never split across chunks.
 */
import { isAscii } from 'node:buffer';

/** Receives each complete line; `tooLong` marks a skipped over-long line (its text is a short prefix). */
export type LineSink = (line: string, tooLong: boolean) => void;

const stripCr = (s: string): string => (s.endsWith('\r') ? s.slice(0, -1) : s);

/** Stateful splitter; feed chunks in order, then call `end()` at the end of a finished input. */
export class LineSplitter {
  readonly #max: number;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #skipping = false;
  #skipPrefix = '';
  #fed = 0;
  /** Offset (from the first byte fed) just after the last newline seen. */
  consumed = 0;

  constructor(maxBytes = 1_048_576) {
    this.#max = maxBytes;
  }

  /** Feeds a chunk; calls `sink` for each complete line in it. A UTF-8 BOM opening the input is dropped. */
  push(chunk: Buffer, sink: LineSink): void {
    if (this.#fed === 0 && chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
      // Counted as consumed input, so offsets stay file offsets.
      this.#fed = 3;
      chunk = chunk.subarray(3);
    }
    const base = this.#fed;
    this.#fed += chunk.length;
    const first = chunk.indexOf(10);
    if (first < 0) {
      this.#hold(chunk);
      return;
    }
    this.#finishHeld(chunk.subarray(0, first), sink);
    const last = chunk.lastIndexOf(10);
    if (last > first) {
      // Decode the run of complete lines at once: much faster than per-line toString. Pure ASCII (nearly
      // every log) decodes the same as Latin-1, which is a plain copy, several times cheaper than UTF-8.
      const run = chunk.subarray(first + 1, last);
      const text = run.toString(isAscii(run) ? 'latin1' : 'utf8');
      let from = 0;
      for (;;) {
        const i = text.indexOf('\n', from);
        const line = i < 0 ? text.slice(from) : text.slice(from, i);
        // A UTF-16 unit is at most 3 UTF-8 bytes, so most lines need no byte count at all.
        if (line.length * 3 > this.#max && Buffer.byteLength(line) > this.#max) sink(line.slice(0, 200), true);
        else sink(stripCr(line), false);
        if (i < 0) break;
        from = i + 1;
      }
    }
    this.consumed = base + last + 1;
    if (last + 1 < chunk.length) this.#hold(chunk.subarray(last + 1));
  }

  #hold(part: Buffer): void {
    if (this.#skipping) return;
    if (this.#pendingBytes + part.length > this.#max) {
      this.#skipPrefix = Buffer.concat([...this.#pending, part]).toString('utf8', 0, 200);
      this.#pending = [];
      this.#pendingBytes = 0;
      this.#skipping = true;
      return;
    }
    this.#pending.push(Buffer.from(part));
    this.#pendingBytes += part.length;
  }

  #finishHeld(tail: Buffer, sink: LineSink): void {
    if (this.#skipping) {
      this.#skipping = false;
      sink(this.#skipPrefix, true);
      return;
    }
    if (this.#pendingBytes + tail.length > this.#max) {
      const prefix = Buffer.concat([...this.#pending, tail.subarray(0, 200)]).toString('utf8', 0, 200);
      this.#pending = [];
      this.#pendingBytes = 0;
      sink(prefix, true);
      return;
    }
    const line = this.#pendingBytes === 0 ? tail.toString('utf8') : Buffer.concat([...this.#pending, tail]).toString('utf8');
    this.#pending = [];
    this.#pendingBytes = 0;
    sink(stripCr(line), false);
  }

  /** Total bytes fed so far (the next read position relative to the first byte fed). */
  get fed(): number {
    return this.#fed;
  }

  /** Flushes a final line that has no newline (end of a finished file or stream). */
  end(sink: LineSink): void {
    if (this.#skipping) sink(this.#skipPrefix, true);
    else if (this.#pendingBytes > 0) sink(stripCr(Buffer.concat(this.#pending).toString('utf8')), false);
    this.#skipping = false;
    this.#pending = [];
    this.#pendingBytes = 0;
    this.consumed = this.#fed;
  }
}

/** Streams input files through `anonymiseLine` to an output stream, line by line. */
import { open } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import type { CryptoPan } from '../cryptopan/cryptopan.ts';
import { listInputs, readToEnd } from '../input/file-source.ts';
import { LineSplitter } from '../input/line-splitter.ts';
import { addressMapper, anonymiseLine } from './rewrite.ts';

/** Rewrites every line of `inputs` into `out`; returns counts. Over-long lines are dropped, not copied. */
export async function anonymiseFiles(inputs: string[], pan: CryptoPan, out: Writable, dropNames: boolean, stdin: NodeJS.ReadableStream = process.stdin): Promise<{ lines: number; dropped: number }> {
  const map = addressMapper(pan);
  let lines = 0;
  let dropped = 0;
  let buf: string[] = [];
  const flush = async (): Promise<void> => {
    if (buf.length === 0) return;
    const text = buf.join('');
    buf = [];
    if (!out.write(text)) await once(out, 'drain');
  };
  const sink = (line: string, tooLong: boolean): void => {
    if (tooLong) {
      dropped++;
      return;
    }
    lines++;
    buf.push(anonymiseLine(line, map, dropNames) + '\n');
  };
  for (const file of (await Promise.all(inputs.map(listInputs))).flat()) {
    const splitter = new LineSplitter();
    if (file === '-') {
      for await (const chunk of stdin as AsyncIterable<Buffer>) {
        splitter.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk), sink);
        await flush();
      }
    } else {
      const fh = await open(file, 'r');
      try {
        await readToEnd(fh, 0, async (chunk) => {
          splitter.push(chunk, sink);
          await flush();
        });
      } finally {
        await fh.close();
      }
    }
    splitter.end(sink);
    await flush();
  }
  return { lines, dropped };
}

import { describe, expect, it } from 'vitest';
import { readNdjson } from './ndjson.ts';

function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(c) {
      for (const ch of chunks) c.enqueue(ch);
      c.close();
    },
  });
}

describe('readNdjson', () => {
  it('reassembles lines split across chunks, including a split multi-byte character', async () => {
    const bytes = new TextEncoder().encode('{"a":"連携"}\n\n{"b":2}\n{"c":3}');
    const cuts = [3, 8, 12, bytes.length];
    const chunks: Uint8Array[] = [];
    let prev = 0;
    for (const c of cuts) {
      chunks.push(bytes.slice(prev, c));
      prev = c;
    }
    const out: unknown[] = [];
    for await (const v of readNdjson(streamOf(chunks))) out.push(v);
    expect(out).toEqual([{ a: '連携' }, { b: 2 }, { c: 3 }]);
  });
  it('throws on a line that is not JSON', async () => {
    const it = readNdjson(streamOf([new TextEncoder().encode('{"a":1}\nnot json\n')]));
    await expect((async () => {
      for await (const _ of it) void _;
    })()).rejects.toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { LineSplitter } from './line-splitter.ts';

function split(chunks: Buffer[], max = 1_048_576): { lines: Array<[string, boolean]>; consumed: number[] } {
  const s = new LineSplitter(max);
  const lines: Array<[string, boolean]> = [];
  const consumed: number[] = [];
  for (const c of chunks) {
    s.push(c, (l, t) => lines.push([l, t]));
    consumed.push(s.consumed);
  }
  s.end((l, t) => lines.push([l, t]));
  consumed.push(s.consumed);
  return { lines, consumed };
}

describe('LineSplitter', () => {
  it('splits across chunk boundaries, strips CR, tracks offsets after newlines', () => {
    const r = split([Buffer.from('ab\r\ncd'), Buffer.from('ef\ngh\n'), Buffer.from('tail')]);
    expect(r.lines).toEqual([['ab', false], ['cdef', false], ['gh', false], ['tail', false]]);
    expect(r.consumed).toEqual([4, 12, 12, 16]);
  });

  it('never splits a multi-byte character between chunks', () => {
    const bytes = Buffer.from('日本語\nテスト\n');
    for (let cut = 1; cut < bytes.length; cut++) {
      const r = split([bytes.subarray(0, cut), bytes.subarray(cut)]);
      expect(r.lines.map((l) => l[0])).toEqual(['日本語', 'テスト']);
    }
  });

  it('skips over-long lines whole (also across chunks) and keeps going', () => {
    const big = 'x'.repeat(5000);
    const r = split([Buffer.from(`ok1\n${big.slice(0, 2000)}`), Buffer.from(big.slice(2000)), Buffer.from('\nok2\n')], 1000);
    expect(r.lines.map(([l, t]) => [l.length, t])).toEqual([[3, false], [200, true], [3, false]]);
    const inOne = split([Buffer.from(`${big}\nok\n`)], 1000);
    expect(inOne.lines.map(([l, t]) => [l.length, t])).toEqual([[200, true], [2, false]]);
  });

  it('passes invalid UTF-8 through as replacement characters', () => {
    const r = split([Buffer.from([0x61, 0xff, 0xfe, 0x62, 0x0a])]);
    expect(r.lines[0]![0]).toBe('a\ufffd\ufffdb');
  });

  it('decodes runs of whole lines the same whether they are pure ASCII or not', () => {
    // Lines between the first and last newline of a chunk are decoded together: ASCII runs take a
    // cheaper decoder, which must give the same text; anything else still decodes as UTF-8.
    const ascii = 'x\nfirst \u0001\u007f~\r\nsecond\nthird\ntail';
    expect(split([Buffer.from(ascii)]).lines.map((l) => l[0])).toEqual(['x', 'first \u0001\u007f~', 'second', 'third', 'tail']);
    const mixed = Buffer.concat([Buffer.from('x\ncafé 東京\n'), Buffer.from([0x61, 0xff, 0x62, 0x0a]), Buffer.from('ok\nend\n')]);
    expect(split([mixed]).lines.map((l) => l[0])).toEqual(['x', 'café 東京', 'a\ufffdb', 'ok', 'end']);
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareValues, splitCsvLine } from './prepare-values.ts';

describe('prepareValues', () => {
  it('normalises defanged values, removes duplicates and reports unreadable lines with their numbers', () => {
    const p = prepareValues('198.51.100[.]7\n# comment\n\nhxxp://evil[.]example/x\n198.51.100.7\nnot a value at all\n');
    expect(p.values.map((v) => v.type)).toEqual(['ip-dst', 'url']);
    expect(p.values[0]!.value).toBe('198.51.100.7');
    expect(p.duplicates).toBe(1);
    expect(p.problems).toHaveLength(1);
    expect(p.problems[0]!.line).toBe(6);
    expect(p.problems[0]!.error).not.toBe('');
    expect(p.byType).toEqual({ 'ip-dst': 1, url: 1 });
  });
  it('reads a real ThreatFox CSV export: indicators kept, other cells only counted', () => {
    const file = path.resolve(process.cwd(), '../shared/data/iocs/abusech-threatfox/full_urls.csv');
    const text = readFileSync(file, 'utf8').split('\n').slice(0, 200).join('\n');
    const p = prepareValues(text, 'csv');
    expect(p.values.length).toBeGreaterThan(50);
    expect(p.ignoredCells).toBeGreaterThan(0);
    expect(p.problems).toEqual([]);
  });
  it('keeps every indicator column of a CSV and drops a repetitive family-name column', () => {
    const lines = ['domain,ip,family'];
    for (let i = 0; i < 20; i++) lines.push(`host${i}.example.com,198.51.100.${i + 1},win.${i % 2 ? 'remcos' : 'emotet'}`);
    const p = prepareValues(lines.join('\n'), 'csv');
    expect(p.byType).toEqual({ hostname: 20, 'ip-dst': 20 });
    expect(p.ignoredCells).toBe(23);
    expect(p.problems).toEqual([]);
  });
  it('splits quoted CSV cells', () => {
    expect(splitCsvLine('"a,b", c ;"d""e"')).toEqual(['a,b', 'c', 'd"e']);
  });
  it('reports a pasted line with separators where nothing is readable', () => {
    const p = prepareValues('foo, bar');
    expect(p.problems).toHaveLength(1);
    expect(p.ignoredCells).toBe(0);
  });
});

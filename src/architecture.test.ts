/**
 * Guards the layering described in docs/ARCHITECTURE.md: core is pure, SQL stays in storage adapters,
 * and the browser bundle and client never pull in Node built-ins.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(process.cwd(), 'src');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(p);
  }
  return out;
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"`;]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2] ?? '');
}

describe('architecture', () => {
  it('core imports no Node built-ins and nothing outside core', () => {
    const bad: string[] = [];
    for (const f of sources(join(root, 'core'))) {
      for (const spec of imports(f)) {
        const outside = spec.startsWith('.') && !join(f, '..', spec).startsWith(join(root, 'core'));
        if (spec.startsWith('node:') || ['fs', 'path', 'crypto', 'http', 'net', 'os'].includes(spec) || outside) {
          bad.push(`${relative(root, f)} → ${spec}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('SQL statements live only under src/storage', () => {
    const bad: string[] = [];
    for (const f of sources(root)) {
      if (f.startsWith(join(root, 'storage'))) continue;
      const text = readFileSync(f, 'utf8');
      if (/\b(SELECT\s+[\w*]+.*\s+FROM|INSERT\s+INTO|CREATE\s+TABLE|DELETE\s+FROM|UPDATE\s+\w+\s+SET)\b/.test(text)) bad.push(relative(root, f));
    }
    expect(bad).toEqual([]);
  });

  it('the client and the web UI import no Node built-ins', () => {
    const bad: string[] = [];
    for (const dir of ['client', 'web']) {
      for (const f of sources(join(root, dir))) {
        if (f.includes(`${join(root, 'web')}/e2e/`) || f.endsWith('vite.config.ts')) continue;
        for (const spec of imports(f)) if (spec.startsWith('node:')) bad.push(`${relative(root, f)} → ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });
});

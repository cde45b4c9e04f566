/**
 * Guards the layering described in docs/ARCHITECTURE.md. The import rules live in `.dependency-cruiser.cjs`
 * and run on the real tree in `npm test` (scripts/test.sh); here each rule is shown to fire on a scratch
 * tree with one planted violation per rule, so a rule that silently matches nothing fails this test.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { cruise, type ICruiseResult, type IForbiddenRuleType } from 'dependency-cruiser';
import { afterAll, describe, expect, it } from 'vitest';

const repo = process.cwd();
const root = join(repo, 'src');
const config = createRequire(import.meta.url)(join(repo, '.dependency-cruiser.cjs')) as {
  forbidden: IForbiddenRuleType[];
  options: Record<string, unknown>;
};

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(p);
  }
  return out;
}

/** One planted file per rule: path → its source. Targets that are clean themselves come first. */
const clean: Record<string, string> = {
  'src/core/ok.ts': 'export const ok = 1;\n',
  'src/storage/ok.ts': "import { ok } from '../core/ok.ts';\nexport const store = ok;\n",
  'src/contracts/ok.ts': "import { ok } from '../core/ok.ts';\nexport const schema = ok;\n",
  'src/web/ok.ts': 'export const view = 1;\n',
  'src/hub/ok.ts': 'export const hub = 1;\n',
  'src/node/ok.ts': 'export const node = 1;\n',
  'src/agent/ok.ts': 'export const agent = 1;\n',
  'src/importers/ok.ts': 'export const importer = 1;\n',
  'src/testkit/ok.ts': 'export const kit = 1;\n',
  'src/core/damage/ok.ts': 'export const damage = 1;\n',
  'src/core/cases/ok.ts': "import { damage } from '../damage/ok.ts';\nexport const cases = damage;\n",
  'src/web/pages/b-page.tsx': 'export const B = 1;\n',
};
const planted: Record<string, { file: string; text: string; to: string }> = {
  'no-circular': { file: 'src/core/loop-a.ts', text: "import { b } from './loop-b.ts';\nexport const a = b;\n", to: 'src/core/loop-b.ts' },
  'core-is-pure': { file: 'src/core/uses-storage.ts', text: "import { store } from '../storage/ok.ts';\nexport const x = store;\n", to: 'src/storage/ok.ts' },
  'core-no-builtins': { file: 'src/core/uses-fs.ts', text: "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", to: 'fs' },
  'contracts-only-core': { file: 'src/contracts/uses-storage.ts', text: "import { store } from '../storage/ok.ts';\nexport const x = store;\n", to: 'src/storage/ok.ts' },
  'storage-only-core': { file: 'src/storage/uses-contracts.ts', text: "import { schema } from '../contracts/ok.ts';\nexport const x = schema;\n", to: 'src/contracts/ok.ts' },
  'drivers-stay-in-storage': { file: 'src/hub/uses-pg.ts', text: "import pg from 'pg';\nexport const x = pg;\n", to: 'pg' },
  'services-not-up': { file: 'src/node/uses-web.ts', text: "import { view } from '../web/ok.ts';\nexport const x = view;\n", to: 'src/web/ok.ts' },
  'hub-not-node-or-agent': { file: 'src/hub/uses-agent.ts', text: "import { agent } from '../agent/ok.ts';\nexport const x = agent;\n", to: 'src/agent/ok.ts' },
  'node-not-hub-or-agent': { file: 'src/node/uses-hub.ts', text: "import { hub } from '../hub/ok.ts';\nexport const x = hub;\n", to: 'src/hub/ok.ts' },
  'agent-not-hub-or-node': { file: 'src/agent/uses-node.ts', text: "import { node } from '../node/ok.ts';\nexport const x = node;\n", to: 'src/node/ok.ts' },
  'libraries-not-servers': { file: 'src/exporters/uses-hub.ts', text: "import { hub } from '../hub/ok.ts';\nexport const x = hub;\n", to: 'src/hub/ok.ts' },
  'stix-below-importers': { file: 'src/stix/uses-importer.ts', text: "import { importer } from '../importers/ok.ts';\nexport const x = importer;\n", to: 'src/importers/ok.ts' },
  'http-server-at-the-edge': { file: 'src/services/uses-fastify.ts', text: "import fastify from 'fastify';\nexport const x = fastify;\n", to: 'fastify' },
  'web-sees-client-contracts-core': { file: 'src/web/uses-storage.ts', text: "import { store } from '../storage/ok.ts';\nexport const x = store;\n", to: 'src/storage/ok.ts' },
  'web-no-builtins': { file: 'src/client/uses-http.ts', text: "import { request } from 'node:http';\nexport const x = request;\n", to: 'http' },
  'pages-apart': { file: 'src/web/pages/a-page.tsx', text: "import { B } from './b-page.tsx';\nexport const A = B;\n", to: 'src/web/pages/b-page.tsx' },
  'slices-apart': { file: 'src/core/matching/uses-damage.ts', text: "import { damage } from '../damage/ok.ts';\nexport const x = damage;\n", to: 'src/core/damage/ok.ts' },
  'no-test-helpers-in-production': { file: 'src/hub/uses-testkit.ts', text: "import { kit } from '../testkit/ok.ts';\nexport const x = kit;\n", to: 'src/testkit/ok.ts' },
};
const loopB = { 'src/core/loop-b.ts': "import { a } from './loop-a.ts';\nexport const b = a;\n" };

const scratch = mkdtempSync(join(os.tmpdir(), 'renkei-arch-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function cruiseTree(files: Record<string, string>): Promise<ICruiseResult> {
  const dir = mkdtempSync(join(scratch, 't-'));
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  const { tsConfig: _ts, ...options } = config.options;
  const res = await cruise(['src'], { ...options, baseDir: dir, ruleSet: { forbidden: config.forbidden }, validate: true });
  return res.output as ICruiseResult;
}

/** `…/node_modules/pg/esm/index.mjs` → `pg`; project paths and built-ins as they are. */
function packageOf(to: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(to);
  return m?.[1] ?? to;
}

describe('architecture', () => {
  it('every layering rule fires on its planted violation, and only there', async () => {
    const files: Record<string, string> = { ...clean, ...loopB };
    for (const p of Object.values(planted)) files[p.file] = p.text;
    const result = await cruiseTree(files);
    const got = result.summary.violations
      .map((v) => `${v.rule.name}: ${v.from} → ${packageOf(v.to)}`)
      .sort();
    const want = Object.entries(planted)
      .map(([rule, p]) => `${rule}: ${p.file} → ${p.to}`)
      .sort();
    expect(got).toEqual(want);
    // Every rule in the config has a planted case: a new rule must come with one.
    expect(Object.keys(planted).sort()).toEqual(config.forbidden.map((r) => r.name).sort());
  });

  it('a tree that keeps the rules has no violations', async () => {
    const result = await cruiseTree(clean);
    expect(result.summary.violations).toEqual([]);
    expect(result.summary.totalCruised).toBe(Object.keys(clean).length);
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
});

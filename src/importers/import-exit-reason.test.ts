/** `renkei import --json`: an exit code 2 always comes with a reason in the JSON on stdout (real CLI process). */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = process.cwd();
const tmp = mkdtempSync(path.join(os.tmpdir(), 'renkei-exit2-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function renkei(args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [path.join(ROOT, 'bin/renkei.js'), ...args], { cwd: tmp, env: { ...process.env, RENKEI_ORG: '' } });
    let stdout = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code: code ?? -1, stdout }));
  });
}

describe('import --json exit code 2 carries a reason', () => {
  const db = path.join(tmp, 'node.sqlite');
  const cases: [string, string | Buffer, RegExp][] = [
    ['empty.txt', '', /empty\.txt: empty file/],
    ['bom-only.csv', Buffer.from([0xef, 0xbb, 0xbf]), /bom-only\.csv: file holds only a byte-order mark/],
    ['bom-blank.json', Buffer.from([0xef, 0xbb, 0xbf, 0x0a, 0x20, 0x0a]), /bom-blank\.json: file holds only a byte-order mark or blanks/],
  ];
  for (const [name, content, reason] of cases) {
    it(`${name}: exit 2, reason in the summary`, async () => {
      const file = path.join(tmp, name);
      writeFileSync(file, content);
      const r = await renkei(['import', file, '--db', db, '--org', 'Exit Org', '--json']);
      expect(r.code).toBe(2);
      const s = JSON.parse(r.stdout) as { reason: string; unreadable: number; files: number; rejections: { file: string; reason: string }[] };
      expect(s).toMatchObject({ files: 1, unreadable: 1 });
      expect(s.reason).toMatch(reason);
      expect(s.rejections).toHaveLength(1);
    }, 60_000);
  }

  it('a missing path and a usage error: exit 2 with a reason', async () => {
    const missing = await renkei(['import', path.join(tmp, 'nope.csv'), '--db', db, '--json']);
    expect(missing.code).toBe(2);
    expect((JSON.parse(missing.stdout) as { reason: string }).reason).toMatch(/nope\.csv: no such file or directory/);
    const usage = await renkei(['import', path.join(tmp, 'empty.txt'), '--db', db, '--json', '--format', 'xml']);
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stdout)).toEqual({ error: { code: 'bad_request', reason: '--format must be one of auto, misp, feed, stix, csv, text' } });
  }, 60_000);
});

/**
 * Opt-in interoperability check with the OASIS reference client (taxii2-client, v21): set
 * TAXII2CLIENT_PATH to its source directory (it needs python3 with requests and six; a missing pytz is
 * shimmed). The client cannot be installed in CI (not packaged for Debian, not on npm), so without it
 * the case is skipped — the reason is printed by vitest as the test name.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startTaxiiHarness } from './test-harness.ts';

const clientPath = process.env.TAXII2CLIENT_PATH;
const shim = mkdtempSync(path.join(os.tmpdir(), 'renkei-pytz-'));
mkdirSync(path.join(shim, 'pytz'));
writeFileSync(path.join(shim, 'pytz', '__init__.py'), 'import datetime\nutc = datetime.timezone.utc\nUTC = utc\n');
const pythonPath = [clientPath ?? '', shim].join(path.delimiter);

function clientImports(): boolean {
  if (!clientPath) return false;
  try {
    execFileSync('python3', ['-c', 'import taxii2client.v21'], { env: { ...process.env, PYTHONPATH: pythonPath }, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const available = clientImports();
if (!available) rmSync(shim, { recursive: true, force: true });

describe('OASIS taxii2-client interoperability', () => {
  it.skipIf(!available)('(skipped unless TAXII2CLIENT_PATH names an importable taxii2-client) discovery, collections, paging, manifest, add_objects', async () => {
    const h = await startTaxiiHarness('sqlite', { seed: true });
    try {
      const cred = Buffer.from(h.admin.slice('Basic '.length), 'base64').toString('utf8');
      const i = cred.lastIndexOf(':');
      const driver = fileURLToPath(new URL('./taxii2client-driver.py', import.meta.url));
      const apt1 = path.resolve(process.cwd(), '../shared/data/stix/oasis-cti-stix2-json-schemas/examples/apt1.json');
      const stdout = await new Promise<string>((resolve, reject) => {
        import('node:child_process').then(({ execFile }) =>
          execFile('python3', [driver, h.base, cred.slice(0, i), cred.slice(i + 1), apt1], { env: { ...process.env, PYTHONPATH: pythonPath } }, (err, out, errOut) =>
            err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out),
          ),
        );
      });
      const r = JSON.parse(stdout) as Record<string, unknown>;
      expect(r.roots).toEqual([`${h.base}/api1/`, `${h.base}/api2/`, `${h.base}/trustgroup1/`]);
      expect(r.root).toEqual(['Malware Research Group', ['application/taxii+json;version=2.1'], 9765625]);
      expect((r.collections as string[]).length).toBe(5);
      expect((r.objects as string[]).length).toBe(5);
      expect(r.limit2).toEqual([2, true, true]);
      expect(r.paged).toBe(5);
      expect(r.manifest).toBe(5);
      expect(r.object).toBe('2017-01-27T13:49:53.935Z');
      expect(r.status).toEqual(['complete', 76, 76, 0]);
      expect(r.pages_of_3).toBe(76);
      expect(r.indicators).toBe(12);
    } finally {
      await h.close();
      rmSync(shim, { recursive: true, force: true });
    }
  });
});

/**
 * Interoperability with the unmodified OASIS reference client (taxii2-client v2.3.0, v21 API) from
 * ../shared/clients/python, run with Debian's Python (scripts/test-env.sh installs python3-requests,
 * python3-six, python3-tz…). Never skipped: a missing client or package fails the test with the reason.
 */
import { execFile, execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startTaxiiHarness } from './test-harness.ts';

/** Debian's interpreter (python3 on PATH may be another one without the packages) and the unmodified clients. */
const PYTHON = process.env.RENKEI_PYTHON ?? '/usr/bin/python3';
const CLIENTS = path.resolve(process.cwd(), '../shared/clients/python');

describe('OASIS taxii2-client interoperability', () => {
  it('client imports under Debian Python (run scripts/test-env.sh when this fails)', () => {
    expect(() => execFileSync(PYTHON, ['-c', 'import taxii2client.v21, taxii2client.common'], { env: { ...process.env, PYTHONPATH: CLIENTS } })).not.toThrow();
  });

  it('discovery, api roots, collections, paging, manifest, get_object, add_objects + status, TokenAuth', async () => {
    const h = await startTaxiiHarness('sqlite', { seed: true });
    try {
      const cred = Buffer.from(h.admin.slice('Basic '.length), 'base64').toString('utf8');
      const i = cred.lastIndexOf(':');
      const driver = fileURLToPath(new URL('./taxii2client-driver.py', import.meta.url));
      const apt1 = path.resolve(process.cwd(), '../shared/data/stix/oasis-cti-stix2-json-schemas/examples/apt1.json');
      const stdout = await new Promise<string>((resolve, reject) => {
        execFile(PYTHON, [driver, h.base, cred.slice(0, i), cred.slice(i + 1), apt1], { env: { ...process.env, PYTHONPATH: CLIENTS } }, (err, out, errOut) =>
          err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out),
        );
      });
      const r = JSON.parse(stdout) as Record<string, unknown>;
      expect(r.title).toEqual(expect.any(String));
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
      // TokenAuth (`Authorization: Token <key>`) reads the same objects as HTTP Basic.
      expect(r.token_objects).toEqual([...(r.objects as string[])].sort());
    } finally {
      await h.close();
    }
  }, 120_000);
});

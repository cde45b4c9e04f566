/**
 * TAXII paging speed: 100,000 objects in one collection, read over HTTP with `limit=1000` following
 * `next` (target ≤ 5 s), on SQLite; plus the manifest walk and POST ingest rate for context.
 */
import type { BenchRow } from './types.ts';
import { startTaxiiHarness } from '../src/node/taxii/test-harness.ts';
import type { NewObjectVersion } from '../src/storage/taxii/port.ts';
import { TAXII_MEDIA } from '../src/node/taxii/media.ts';

const N = 100_000;
const COLL = '365fed99-08fa-fdcd-a1b3-fb247eb41d01';
const ROOT = '/trustgroup1/collections/';

function indicator(i: number): Record<string, unknown> {
  const hex = i.toString(16).padStart(12, '0');
  return {
    type: 'indicator', spec_version: '2.1', id: `indicator--00000000-0000-4000-8000-${hex}`,
    created: '2024-01-01T00:00:00.000Z', modified: '2024-01-01T00:00:00.000Z', pattern_type: 'stix', valid_from: '2024-01-01T00:00:00Z',
    pattern: `[ipv4-addr:value = '10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}']`,
  };
}

async function walk(h: Awaited<ReturnType<typeof startTaxiiHarness>>, path: string): Promise<{ ms: number; cpuMs: number; count: number; pages: number }> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let count = 0;
  let pages = 0;
  let next: string | undefined;
  for (;;) {
    const res = await h.req('GET', `${path}?limit=1000${next ? `&next=${next}` : ''}`);
    if (res.status !== 200 || res.headers.get('content-type') !== TAXII_MEDIA) throw new Error(`page ${pages}: HTTP ${res.status}`);
    const body = (await res.json()) as { more?: boolean; next?: string; objects?: unknown[] };
    count += body.objects?.length ?? 0;
    pages++;
    if (!body.more) break;
    next = body.next;
  }
  const cpu = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, count, pages };
}

export async function run(): Promise<BenchRow[]> {
  const h = await startTaxiiHarness('sqlite', { seed: true });
  try {
    process.stderr.write(`taxii: loading ${N} objects…\n`);
    for (let i = 0; i < N; i += 10_000) {
      const batch: NewObjectVersion[] = [];
      for (let j = i; j < Math.min(N, i + 10_000); j++) {
        const o = indicator(j);
        batch.push({
          stixId: String(o.id), type: 'indicator', version: String(o.modified), versionKey: '2024-01-01T00:00:00.000000000', specVersion: '2.1',
          mediaType: 'application/stix+json;version=2.1', body: JSON.stringify(o), ownerOrgId: h.adminOrgId, distribution: 1, sharingGroupId: null, tlp: null,
        });
      }
      await h.taxii.addVersions(COLL, batch);
    }
    process.stderr.write('taxii: paging objects…\n');
    const objects = await walk(h, `${ROOT}${COLL}/objects/`);
    if (objects.count !== N) throw new Error(`paged ${objects.count} objects, expected ${N}`);
    process.stderr.write('taxii: paging manifest…\n');
    const manifest = await walk(h, `${ROOT}${COLL}/manifest/`);

    process.stderr.write('taxii: POST ingest…\n');
    const postN = 5000;
    const t0 = performance.now();
    for (let i = 0; i < postN; i += 500) {
      const objects = Array.from({ length: 500 }, (_, k) => indicator(N + i + k));
      const res = await h.req('POST', `${ROOT}${COLL}/objects/`, { body: JSON.stringify({ objects }) });
      const st = (await res.json()) as { success_count?: number };
      if (res.status !== 202 || st.success_count !== 500) throw new Error(`POST failed: ${res.status}`);
    }
    const postMs = performance.now() - t0;
    return [
      { name: `GET objects, ${N} objects, limit=1000 (${objects.pages} pages)`, value: objects.ms / 1000, unit: 's', target: '≤ 5 s', ok: objects.ms <= 5000 },
      { name: 'GET objects walk, CPU time (server and client share one process)', value: objects.cpuMs / 1000, unit: 's', note: 'wall time above depends on machine load' },
      { name: `GET manifest, ${manifest.count} entries, limit=1000`, value: manifest.ms / 1000, unit: 's' },
      { name: 'POST objects (500 indicators per envelope, mirrored to the intel store)', value: postN / (postMs / 1000), unit: 'objects/s' },
    ];
  } finally {
    await h.close();
  }
}

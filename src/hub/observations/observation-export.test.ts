/**
 * One observation exported as a MISP event (loaded by the unmodified PyMISP) and a STIX 2.1 bundle (OASIS
 * schemas), both engines: a reader gets only what it may read (RED is a 404, a receiver exports only its
 * own answer as a sighting/opinion, the sender every answer: "seen" → sighting type 0, "false positive" →
 * type 1), and the anonymous author's planted marker org name is in no export, whoever exports.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateStix } from '../../stix/validate.ts';
import { startObservationsHub, type ObservationsHub } from '../../testkit/observations-hub.ts';

const MARKER = 'Zq Marker Org 7731';
const PYTHON = process.env.RENKEI_PYTHON ?? '/usr/bin/python3';
const CLIENTS = path.resolve(process.cwd(), '../shared/clients/python');
const SCHEMAS = path.resolve(process.cwd(), '../shared/data/stix/oasis-cti-stix2-json-schemas/schemas');
const LOAD = `
import json, sys, warnings
warnings.filterwarnings("ignore")
from pymisp import MISPEvent
e = MISPEvent()
e.load(sys.stdin.read())
print(json.dumps({"values": [a.value for a in e.attributes], "sightings": [[[s.type, s.source] for s in a.sightings] for a in e.attributes],
  "reports": [r.name for r in e.event_reports], "notes": [n.authors for n in e.notes], "opinions": [[o.opinion, o.authors] for o in e.opinions], "tags": [t.name for t in e.tags]}))
`;
const pymisp = (json: string): Promise<Record<string, unknown>> =>
  new Promise((resolve, reject) => {
    const p = execFile(PYTHON, ['-c', LOAD], { env: { ...process.env, PYTHONPATH: CLIENTS } }, (err, out, errOut) => (err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(JSON.parse(out) as Record<string, unknown>)));
    p.stdin!.end(json);
  });

for (const engine of ['sqlite', 'postgres'] as const) {
  describe(`observation export on ${engine}`, () => {
    let h: ObservationsHub;
    let id = 0;
    let red = 0;
    beforeAll(async () => {
      h = await startObservationsHub(engine);
      const row = await h.hub.ctx.auth.createUser({ login: 'marker', password: null, orgName: MARKER, role: 'analyst' });
      h.users.marker = { key: (await h.hub.ctx.auth.createKey(row.id, 'test')).key, org: MARKER, orgId: row.orgId, role: 'analyst' };
      const base = { category: 'scanning', favours: ['speed', 'accuracy'], tlp: 'green', audience: { kind: 'community' } };
      id = ((await (await h.api('marker', 'POST', '/api/v1/observations', { ...base, title: 'Telnet 走査', body: '23/tcp', indicators: ['198.51.100[.]23', 'evil.example'], anonymous: true })).json()) as { id: number }).id;
      await h.api('marker', 'POST', `/api/v1/observations/${id}/comments`, { text: 'more soon', anonymous: true });
      await h.api('kinuAnalyst', 'POST', `/api/v1/observations/${id}/responses`, { kind: 'seen', seenAt: 1_790_000_000_000, note: 'also here' });
      await h.api('soraAnalyst', 'POST', `/api/v1/observations/${id}/responses`, { kind: 'false-positive', anonymous: true });
      await h.api('umiAnalyst', 'POST', `/api/v1/observations/${id}/responses`, { kind: 'not-seen' });
      red = ((await (await h.api('aobaAnalyst', 'POST', '/api/v1/observations', { ...base, title: 'RED note', tlp: 'red' })).json()) as { id: number }).id;
    }, 60_000);
    afterAll(async () => h?.close());

    it('exports only what the reader may read and never names the anonymous org', async () => {
      const statuses: Record<string, number[]> = {};
      for (const name of Object.keys(h.users)) for (const format of ['misp', 'stix']) {
        const ok = await h.api(name, 'GET', `/api/v1/observations/${id}/export?format=${format}&lang=en`);
        const text = await ok.text();
        expect(text, `${name} ${format}`).not.toMatch(/Marker|7731/);
        statuses[`${name}:${format}`] = [ok.status, (await h.api(name, 'GET', `/api/v1/observations/${red}/export?format=${format}`)).status];
      }
      expect(statuses['marker:misp']).toEqual([200, 404]);
      expect(statuses['aobaAnalyst:stix']).toEqual([200, 200]);
      expect(statuses['hubAdmin:misp']).toEqual([200, 404]);
      expect(statuses['kinuAnalyst:stix']).toEqual([200, 404]);
    });

    it('the sender’s MISP event carries every answer as sightings (0 seen, 1 false positive) and opinions; a receiver only its own', async () => {
      const sender = await pymisp(await (await h.api('marker', 'GET', `/api/v1/observations/${id}/export?format=misp&lang=en`)).text());
      expect(sender).toEqual({
        values: ['198.51.100.23', 'evil.example'],
        sightings: [[['0', 'Kinu SOC'], ['1', 'a member']], [['0', 'Kinu SOC'], ['1', 'a member']]],
        reports: ['Telnet 走査'], notes: ['a member'],
        opinions: [[75, 'Kinu SOC'], [0, 'a member'], [50, 'Umi ISAC']],
        tags: ['tlp:green', 'renkei:category="scanning"'],
      });
      const kinu = await pymisp(await (await h.api('kinuAnalyst', 'GET', `/api/v1/observations/${id}/export?format=misp&lang=en`)).text());
      expect([kinu.sightings, kinu.opinions]).toEqual([[[['0', 'Kinu SOC']], [['0', 'Kinu SOC']]], [[75, 'Kinu SOC']]]);
    }, 30_000);

    it('the STIX bundle passes the OASIS schemas with report, indicators, note and opinions', async () => {
      const b = (await (await h.api('marker', 'GET', `/api/v1/observations/${id}/export?format=stix&lang=en`)).json()) as { objects: Array<Record<string, unknown>> };
      expect(validateStix(b.objects, SCHEMAS).errors).toEqual([]);
      expect(b.objects.map((o) => o.type)).toEqual(['identity', 'marking-definition', 'report', 'indicator', 'indicator', 'note', 'opinion', 'opinion', 'opinion']);
      expect(b.objects.filter((o) => o.type === 'opinion').map((o) => [o.opinion, o.authors])).toEqual([['agree', ['Kinu SOC']], ['strongly-disagree', ['a member']], ['neutral', ['Umi ISAC']]]);
      const umi = (await (await h.api('umiAnalyst', 'GET', `/api/v1/observations/${id}/export?format=stix&lang=en`)).json()) as { objects: Array<Record<string, unknown>> };
      expect(String(umi.objects.find((o) => o.type === 'report')!.description)).toContain('3 responding members: seen 1, not-seen 1, false-positive 1, acted 0');
    });
  });
}

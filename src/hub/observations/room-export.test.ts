/**
 * Room exports (Markdown, MISP event, STIX 2.1 bundle) over real HTTP on both engines: each reader gets
 * an export only of a room the read rule lets it read (404 otherwise, RED and AMBER to named orgs too),
 * and an organisation with a planted marker name that posts, sets its status and opens the room
 * anonymously appears in no export, whoever exports (hub admin and the marker org included). The MISP
 * event loads in the unmodified PyMISP; the bundle passes the OASIS STIX 2.1 schemas.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mayRead } from '../../core/observations/read-rule.ts';
import type { Audience } from '../../core/observations/model.ts';
import type { Tlp } from '../../core/sharing/tlp.ts';
import { validateStix } from '../../stix/validate.ts';
import { startObservationsHub, type ObservationsHub } from '../../testkit/observations-hub.ts';

const MARKER = 'Zq Marker Org 7731';
const PYTHON = process.env.RENKEI_PYTHON ?? '/usr/bin/python3';
const CLIENTS = path.resolve(process.cwd(), '../shared/clients/python');
const SCHEMAS = path.resolve(process.cwd(), '../shared/data/stix/oasis-cti-stix2-json-schemas/schemas');
const PYMISP_LOAD = `
import json, sys, warnings
warnings.filterwarnings("ignore")
from pymisp import MISPEvent
e = MISPEvent()
e.load(sys.stdin.read())
print(json.dumps({"info": e.info, "values": [a.value for a in e.attributes], "types": [a.type for a in e.attributes],
  "reports": [r.name for r in e.event_reports], "authors": [n.authors for n in e.notes], "tags": [t.name for t in e.tags], "orgc": e.Orgc.name}))
`;

function pymispLoad(json: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const p = execFile(PYTHON, ['-c', PYMISP_LOAD], { env: { ...process.env, PYTHONPATH: CLIENTS } }, (err, out, errOut) => (err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(JSON.parse(out) as Record<string, unknown>)));
    p.stdin!.end(json);
  });
}

for (const engine of ['sqlite', 'postgres'] as const) {
  describe(`room exports on ${engine}`, () => {
    let h: ObservationsHub;
    const rooms: Array<{ id: number; tlp: Tlp; audience: Audience; authorOrgId: number }> = [];
    let shared = 0;
    beforeAll(async () => {
      h = await startObservationsHub(engine);
      const row = await h.hub.ctx.auth.createUser({ login: 'marker', password: null, orgName: MARKER, role: 'analyst' });
      h.users.marker = { key: (await h.hub.ctx.auth.createKey(row.id, 'test')).key, org: MARKER, orgId: row.orgId, role: 'analyst' };
      const ok = async (r: Response, status = 201) => {
        expect(r.status, await r.clone().text()).toBe(status);
        return (await r.json()) as { id: number };
      };
      shared = (await ok(await h.api('marker', 'POST', '/api/v1/rooms', { title: 'DDoS on banks', description: 'Wide-area | DDoS', tlp: 'green', audience: { kind: 'community' }, severity: 'high', anonymous: true }))).id;
      rooms.push({ id: shared, tlp: 'green', audience: { kind: 'community' }, authorOrgId: row.orgId });
      await ok(await h.api('marker', 'PUT', `/api/v1/rooms/${shared}/status`, { status: 'affected', note: 'RTBH upstream', anonymous: true }), 200);
      await ok(await h.api('kinuAnalyst', 'PUT', `/api/v1/rooms/${shared}/status`, { status: 'contained', note: 'ACL at the edge', anonymous: false }), 200);
      await ok(await h.api('marker', 'POST', `/api/v1/rooms/${shared}/posts`, { text: 'Attack started 09:10 JST', indicators: ['198.51.100[.]77'], anonymous: true }));
      await ok(await h.api('kinuAnalyst', 'POST', `/api/v1/rooms/${shared}/posts`, { text: '同じ送信元を確認', indicators: ['198.51.100.77', 'evil-domain.example'], anonymous: false }));
      const red = (await ok(await h.api('aobaAnalyst', 'POST', '/api/v1/rooms', { title: 'Internal RED room', tlp: 'red', audience: { kind: 'community' } }))).id;
      await ok(await h.api('aobaAnalyst', 'POST', `/api/v1/rooms/${red}/posts`, { text: 'RED-ONLY-TEXT', indicators: [] }));
      rooms.push({ id: red, tlp: 'red', audience: { kind: 'community' }, authorOrgId: h.users.aobaAnalyst!.orgId });
      const amber = (await ok(await h.api('aobaAnalyst', 'POST', '/api/v1/rooms', { title: 'Amber to Sora', tlp: 'amber', audience: { kind: 'orgs', orgIds: [h.users.soraAnalyst!.orgId] } }))).id;
      rooms.push({ id: amber, tlp: 'amber', audience: { kind: 'orgs', orgIds: [h.users.soraAnalyst!.orgId] }, authorOrgId: h.users.aobaAnalyst!.orgId });
    }, 60_000);
    afterAll(async () => h?.close());
    const groupIds = (name: string) => (['aobaAnalyst', 'aobaAdmin', 'kinuAnalyst'].includes(name) ? [h.groupId] : []);

    it('exports only readable rooms, in every format, to every reader', async () => {
      const got: Record<string, number[]> = {};
      const want: Record<string, number[]> = {};
      for (const name of Object.keys(h.users)) {
        const rd = { orgId: h.users[name]!.orgId, role: h.users[name]!.role, groupIds: groupIds(name) };
        for (const format of ['markdown', 'misp', 'stix']) {
          const key = `${name}:${format}`;
          got[key] = [];
          want[key] = rooms.map((r) => (mayRead(rd, { authorOrgId: r.authorOrgId, tlp: r.tlp, audience: r.audience, anonymous: false }) ? 200 : 404));
          for (const r of rooms) {
            const res = await h.api(name, 'GET', `/api/v1/rooms/${r.id}/export?format=${format}`);
            got[key].push(res.status);
            const text = await res.text();
            if (res.status === 404) expect(text).not.toMatch(/RED-ONLY-TEXT|Amber to Sora/);
          }
        }
      }
      expect(got).toEqual(want);
      expect(got['soraAnalyst:misp']).toEqual([200, 404, 200]);
      expect(got['hubAdmin:stix']).toEqual([200, 404, 404]);
    });

    it('never names the anonymous organisation in any export, whoever exports', async () => {
      for (const name of Object.keys(h.users)) for (const format of ['markdown', 'misp', 'stix']) for (const lang of ['ja', 'en']) {
        const res = await h.api(name, 'GET', `/api/v1/rooms/${shared}/export?format=${format}&lang=${lang}`);
        const text = await res.text();
        expect(res.status).toBe(200);
        expect(text, `${name} ${format}`).not.toContain('Marker');
        expect(text, `${name} ${format}`).not.toContain('7731');
        expect(text).toContain('Kinu SOC');
      }
      // The hub admin's own API view names the org (abuse handling); its export does not.
      const api = await (await h.api('hubAdmin', 'GET', `/api/v1/rooms/${shared}`)).text();
      expect(api).toContain(MARKER);
    });

    it('renders the Markdown report with board, timeline and indicators', async () => {
      const md = await (await h.api('umiAnalyst', 'GET', `/api/v1/rooms/${shared}/export?format=markdown&lang=en`)).text();
      const lines = md.split('\n');
      expect(lines.slice(0, 4)).toEqual(['# DDoS on banks', '', '- TLP: TLP:GREEN', '- Severity: high']);
      expect(lines).toContain('- Opened by: a member');
      expect(lines).toContain('Wide-area \\| DDoS');
      expect(lines).toContain('not affected: 0 · investigating: 0 · affected: 1 · contained: 1 · recovered: 0');
      expect(lines.filter((l) => l.startsWith('| ') && / UTC \|$/.test(l)).map((l) => l.split(' | ').slice(0, 3).join(' | ')).sort()).toEqual(['| Kinu SOC | contained | ACL at the edge', '| a member | affected | RTBH upstream']);
      expect(lines.filter((l) => l.startsWith('- ') && l.includes(' — ')).map((l) => l.slice(l.indexOf(' — ') + 3))).toEqual(['a member: Attack started 09:10 JST (`198.51.100.77`)', 'Kinu SOC: 同じ送信元を確認 (`198.51.100.77`, `evil-domain.example`)']);
      expect(lines.slice(-3)).toEqual(['| ip-dst | `198.51.100.77` |', '| domain | `evil-domain.example` |', '']);
      const ja = await (await h.api('umiAnalyst', 'GET', `/api/v1/rooms/${shared}/export?format=markdown&lang=ja`)).text();
      expect(ja).toContain('- 開設: ある会員');
      expect(ja).toContain('影響なし: 0 · 調査中: 0 · 影響あり: 1 · 封じ込め済み: 1 · 復旧済み: 0');
    });

    it('the MISP event loads in PyMISP with the indicators, the report and one note per post and status line', async () => {
      const json = await (await h.api('soraAnalyst', 'GET', `/api/v1/rooms/${shared}/export?format=misp&lang=en`)).text();
      const e = await pymispLoad(json);
      expect({ ...e, authors: (e.authors as string[]).slice(2).sort() }).toEqual({
        info: 'DDoS on banks', values: ['198.51.100.77', 'evil-domain.example'], types: ['ip-dst', 'domain'], reports: ['DDoS on banks'],
        authors: ['Kinu SOC', 'a member'], tags: ['tlp:green', 'renkei:room-state="open"'], orgc: 'Renkei hub',
      });
      expect((e.authors as string[]).slice(0, 2)).toEqual(['a member', 'Kinu SOC']);
    }, 30_000);

    it('the STIX bundle passes the OASIS schemas: report, TLP marking, indicators, notes', async () => {
      const res = await h.api('kinuAnalyst', 'GET', `/api/v1/rooms/${shared}/export?format=stix&lang=en`);
      expect(res.headers.get('content-type')).toMatch(/^application\/stix\+json; ?version="?2\.1"?/);
      const bundle = (await res.json()) as { type: string; objects: Array<Record<string, unknown>> };
      expect(bundle.type).toBe('bundle');
      expect(validateStix(bundle.objects, SCHEMAS).errors).toEqual([]);
      expect(bundle.objects.map((o) => o.type)).toEqual(['identity', 'marking-definition', 'report', 'indicator', 'indicator', 'note', 'note', 'note', 'note']);
      expect(bundle.objects.filter((o) => o.type === 'indicator').map((o) => o.pattern)).toEqual(["[ipv4-addr:value = '198.51.100.77']", "[domain-name:value = 'evil-domain.example']"]);
      expect(bundle.objects.filter((o) => o.type === 'note').slice(0, 2).map((o) => [o.authors, o.content])).toEqual([[['a member'], 'Attack started 09:10 JST'], [['Kinu SOC'], '同じ送信元を確認']]);
      // Stable ids: the same room exports the same report id.
      const again = (await (await h.api('umiAnalyst', 'GET', `/api/v1/rooms/${shared}/export?format=stix&lang=en`)).json()) as typeof bundle;
      expect(again.objects[2]!.id).toBe(bundle.objects[2]!.id);
    });
  });
}

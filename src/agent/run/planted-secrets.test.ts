/**
 * Planted secrets: customer host names, URL paths and in-house rule names and categories are written into
 * EVE, fast and iptables logs (in rule names, categories, host fields, prefixes), the agent runs against a
 * real HTTP capture server, and no secret appears in any byte sent — plain, upper case, URL- or
 * JSON-escaped, hex or base64 at any alignment. Public rule names still arrive (with host and path tokens
 * cut), non-public ones as keyed hashes unless allow-listed, and the sensor id is random, not the host name.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIpInfo, type IpInfoService } from '../../geo/ip-info.ts';
import { parseAllowList } from '../pipeline/name-policy.ts';
import { encodings } from '../testing/encodings.ts';
import { runAgent } from './agent-runner.ts';

const SECRETS = [
  'secret-host.corp.customer.example', 'customer.example', 'Customer-Acme-Internal', 'Acme Payroll Portal', 'intranet.customer.example',
  '/admin/login.php', 'acme-vpn.customer.example', 'Acme Internal Only', 'portal.customer.example', 'Acme Secret Project Falcon',
  'secret-fw.customer.example', 'secret-host', 'ACME-FW', 'jdoe@customer.example', 'ens192', '198.51.100.',
];
const T = (m: number): string => `2026-11-01T01:${String(m).padStart(2, '0')}:00.000000+0000`;
const attackers = Array.from({ length: 6 }, (_, i) => `203.0.113.${10 + i}`);

/** Six sources per rule so every row passes k = 3 and reaches the hub (the worst case for a leak). */
function eve(): string[] {
  const rules: Array<[number, string, string]> = [
    [1000001, 'LOCAL brute force on secret-host.corp.customer.example', 'Customer-Acme-Internal'],
    [9000123, 'Acme Payroll Portal probe', 'Attempted Information Leak'],
    [2024897, 'ET POLICY access to intranet.customer.example/admin/login.php by jdoe@customer.example', 'Potential Corporate Privacy Violation'],
    [2001219, 'ET SCAN Potential SSH Scan', 'Attempted Information Leak'],
  ];
  const out = ['\uFEFF' + `{"timestamp":"${T(0)}","event_type":"flow","src_ip":"${attackers[0]}","dest_ip":"198.51.100.7","proto":"TCP"}`];
  rules.forEach(([sid, sig, cat], r) => attackers.forEach((a, i) => out.push(`{"timestamp":"${T(r * 6 + i)}","flow_id":12345${r}${i},"in_iface":"ens192","event_type":"alert","src_ip":"${a}","src_port":40000,"dest_ip":"198.51.100.${7 + i}","dest_port":443,"proto":"TCP","alert":{"action":"allowed","gid":1,"signature_id":${sid},"rev":1,"signature":"${sig}","category":"${cat}","severity":1},"http":{"hostname":"secret-host.corp.customer.example","url":"/admin/login.php"},"tls":{"sni":"portal.customer.example"}}`)));
  attackers.forEach((a, i) => out.push(`{"timestamp":"${T(40 + i)}","event_type":"anomaly","src_ip":"${a}","src_port":1,"dest_ip":"198.51.100.9","dest_port":80,"proto":"TCP","anomaly":{"type":"applayer","event":"secret-host.corp.customer.example"}}`));
  return out;
}

function fast(): string[] {
  const rules: Array<[number, string, string]> = [
    [1000002, 'LOCAL acme-vpn.customer.example login', 'Acme Internal Only'],
    [2001219, 'ET SCAN Potential SSH Scan https://portal.customer.example/x', 'Attempted Information Leak'],
    [9100001, 'Acme Secret Project Falcon', 'Acme Internal Only'],
  ];
  return rules.flatMap(([sid, sig, cat], r) => attackers.map((a, i) => `11/01/2026-01:${String(r * 6 + i).padStart(2, '0')}:00.000000  [**] [1:${sid}:1] ${sig} [**] [Classification: ${cat}] [Priority: 1] {TCP} ${a}:40000 -> 198.51.100.${20 + i}:22`));
}

function iptables(): string[] {
  return attackers.map((a, i) => `Nov  1 01:${String(i).padStart(2, '0')}:00 secret-host kernel: [ACME-FW secret-fw.customer.example DROP] IN=ens192 OUT= MAC=00:11:22:33:44:55:66:77:88:99:aa:bb:08:00 SRC=${a} DST=198.51.100.${30 + i} LEN=40 PROTO=TCP SPT=5000 DPT=23`);
}

describe('planted secrets never leave the agent', () => {
  let dir: string;
  let server: Server;
  let url: string;
  let ipInfo: IpInfoService;
  let sent: Buffer[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-planted-'));
    ipInfo = await createIpInfo();
    writeFileSync(path.join(dir, 'eve.json'), eve().join('\n') + '\n');
    writeFileSync(path.join(dir, 'fast.log'), fast().join('\n') + '\n');
    writeFileSync(path.join(dir, 'fw.log'), iptables().join('\n') + '\n');
    server = createServer((req, res) => {
      const parts: Buffer[] = [Buffer.from(`${req.method} ${req.url}\n${JSON.stringify(req.headers)}\n`)];
      req.on('data', (d: Buffer) => parts.push(d));
      req.on('end', () => {
        sent.push(Buffer.concat(parts));
        res.setHeader('content-type', 'application/json');
        res.end(req.url?.endsWith('/config') ? JSON.stringify({ sketchSalt: 'a'.repeat(64), k: 3 }) : JSON.stringify({ ok: true, duplicate: false }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });

  afterAll(async () => {
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  const run = async (file: string, spool: string, allow?: string, keyFile?: string) => {
    sent = [];
    const summary = await runAgent({
      inputs: [path.join(dir, file)], format: 'auto', hubUrl: url, apiKey: 'k', spoolDir: path.join(dir, spool), member: 'm', k: 3,
      ownNetworks: ['198.51.100.0/24'], follow: false, ipInfo, log: () => undefined, ...(allow ? { ruleNameAllowList: parseAllowList(allow) } : {}), ...(keyFile ? { keyFile } : {}),
    });
    const bytes = Buffer.concat(sent);
    const batches = sent.map((b) => b.toString('utf8')).filter((t) => t.startsWith('POST')).map((t) => JSON.parse(t.slice(t.indexOf('\n', t.indexOf('\n') + 1) + 1)));
    return { summary, bytes, text: bytes.toString('latin1'), batches };
  };

  const leaks = (text: string): string[] => SECRETS.flatMap((s) => encodings(s).filter((e) => text.includes(e)).map((e) => `${s} as ${e}`));

  for (const [file, format, minRows] of [['eve.json', 'eve', 5], ['fast.log', 'fast', 3], ['fw.log', 'iptables', 1]] as const) {
    it(`${format}: no planted secret in any byte sent`, async () => {
      const r = await run(file, `spool-${format}`);
      expect(r.summary.files.map((f) => f.format)).toEqual([format]);
      const rows = r.batches.flatMap((b) => b.rows);
      expect(rows.length).toBeGreaterThanOrEqual(minRows);
      expect(leaks(r.text)).toEqual([]);
      // The default sensor id is random, kept in the spool, and not the host name.
      const ids = new Set(r.batches.map((b) => b.sensorId));
      expect(ids.size).toBe(1);
      const [id] = [...ids];
      expect(id).toMatch(/^sensor-[0-9a-f]{12}$/);
      expect(id).not.toBe(os.hostname());
      expect(JSON.parse(readFileSync(path.join(dir, `spool-${format}`, 'state.json'), 'utf8')).sensorId).toBe(id);
    }, 60_000);
  }

  it('public names arrive with host and path tokens cut; others as keyed hashes, stable per member', async () => {
    const key = path.join(dir, 'member.key');
    writeFileSync(key, 'ab'.repeat(32) + '\n');
    const e = await run('eve.json', 'names-a', undefined, key);
    const sigs = new Map(e.batches.flatMap((b) => b.rows).map((r) => [r.sid, [r.signature, r.category]]));
    expect(sigs.get(2001219)).toEqual(['ET SCAN Potential SSH Scan', 'Attempted Information Leak']);
    expect(sigs.get(2024897)).toEqual(['ET POLICY access to [host] by [email]', 'Potential Corporate Privacy Violation']);
    expect(sigs.get(1000001)![0]).toMatch(/^rule [0-9a-f]{16}$/);
    expect(sigs.get(1000001)![1]).toMatch(/^category [0-9a-f]{16}$/);
    // A private rule with a standard classtype keeps the classtype; its name is hashed.
    expect(sigs.get(9000123)).toEqual([expect.stringMatching(/^rule [0-9a-f]{16}$/), 'Attempted Information Leak']);
    expect(sigs.get(null)).toEqual(['anomaly applayer [host]', 'anomaly']);
    // Same member key → same hash; another member's key → another hash.
    const hashOf = async (spool: string, k?: string) => new Map((await run('eve.json', spool, undefined, k)).batches.flatMap((b) => b.rows).map((r) => [r.sid, r.signature])).get(1000001);
    expect(await hashOf('names-b', key)).toBe(sigs.get(1000001)![0]);
    const other = await hashOf('names-c');
    expect(other).toMatch(/^rule [0-9a-f]{16}$/);
    expect(other).not.toBe(sigs.get(1000001)![0]);
  }, 60_000);

  it('an allow-listed rule id shares its name (still stripped)', async () => {
    const r = await run('fast.log', 'spool-allow', '# shared on purpose\n9100001\n1000000-1000009\n');
    const sigs = new Map(r.batches.flatMap((b) => b.rows).map((x) => [x.sid, [x.signature, x.category]]));
    expect(sigs.get(9100001)).toEqual(['Acme Secret Project Falcon', 'Acme Internal Only']);
    expect(sigs.get(1000002)).toEqual(['LOCAL [host] login', 'Acme Internal Only']);
    expect(sigs.get(2001219)).toEqual(['ET SCAN Potential SSH Scan [url]', 'Attempted Information Leak']);
  }, 60_000);
});

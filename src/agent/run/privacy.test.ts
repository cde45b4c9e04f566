/**
 * Feeds logs full of known customer addresses and names to the agent and proves that none of them, in any
 * encoding we can think of, appears in anything the agent sends to the hub (captured at a real HTTP server).
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CryptoPan } from '../cryptopan/cryptopan.ts';
import { readKeyFile } from '../cryptopan/key-file.ts';
import { eveLines } from '../generate/eve-generator.ts';
import { createIpInfo } from '../../geo/ip-info.ts';
import { encodings } from '../testing/encodings.ts';
import { runAgent } from './agent-runner.ts';

const CUSTOMER_V4 = Array.from({ length: 200 }, (_, i) => `198.51.100.${i + 1}`);
const CUSTOMER_V6 = Array.from({ length: 200 }, (_, i) => `2001:db8:c0::${(i + 1).toString(16)}`);
const NAMES = ['www.customer.example', 'vpn.customer.example', 'mail.customer.example', 'intranet.customer.example', 'customer.example', 'ens192', 'secret-host.corp.customer.example', '/login.php?user=admin'];

describe('nothing customer-side leaves the agent', () => {
  let dir: string;
  let server: Server;
  let url: string;
  const sent: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-privacy-'));
    const eve = [...eveLines({ lines: 20_000, seed: 3, perHour: 4000, sources: 500 })];
    // Extra customer-side content in every field that could carry it (first, so no line is late).
    eve.unshift(
      '{"timestamp":"2026-11-01T01:10:00.000000+0000","flow_id":987654321012345,"in_iface":"ens192","event_type":"alert","src_ip":"203.0.113.77","src_port":4444,"dest_ip":"198.51.100.9","dest_port":443,"proto":"TCP","community_id":"1:Zm9vYmFyYmF6cXV4","alert":{"action":"allowed","gid":1,"signature_id":1000001,"rev":1,"signature":"LOCAL secret-host.corp.customer.example brute force","category":"Attempted Administrator Privilege Gain","severity":1},"tls":{"sni":"secret-host.corp.customer.example"},"http":{"hostname":"secret-host.corp.customer.example","url":"/login.php?user=admin"}}',
      '{"timestamp":"2026-11-01T01:11:00.000000+0000","event_type":"alert","src_ip":"198.51.100.12","src_port":51000,"dest_ip":"45.33.32.156","dest_port":80,"proto":"TCP","alert":{"gid":1,"signature_id":2024897,"signature":"ET MALWARE callback from 198.51.100.12","category":"A Network Trojan was detected","severity":1}}',
    );
    writeFileSync(path.join(dir, 'eve.json'), eve.join('\n') + '\n');
    const fast = CUSTOMER_V4.slice(0, 50).flatMap((c, i) => [
      `11/01/2026-04:${String(i).padStart(2, '0')}:00.000000  [**] [1:2001219:20] ET SCAN Potential SSH Scan [**] [Classification: Attempted Information Leak] [Priority: 2] {TCP} 203.0.113.${i % 5}:40000 -> ${c}:22`,
      `11/01/2026-04:${String(i).padStart(2, '0')}:30.000000  [**] [1:2001219:20] ET SCAN Potential SSH Scan [**] [Classification: Attempted Information Leak] [Priority: 2] {TCP} 2a01:4f8::${i % 5}:40000 -> ${CUSTOMER_V6[i]}:22`,
    ]);
    writeFileSync(path.join(dir, 'fast.log'), fast.join('\n') + '\n');
    const ipt = CUSTOMER_V4.slice(50, 120).map((c, i) => `Nov  1 04:20:${String(i % 60).padStart(2, '0')} secret-host kernel: [UFW BLOCK] IN=ens192 OUT= MAC=00:11:22:33:44:55:66:77:88:99:aa:bb:08:00 SRC=185.220.101.${i % 7} DST=${c} LEN=40 PROTO=TCP SPT=5000 DPT=23`);
    writeFileSync(path.join(dir, 'fw.log'), ipt.join('\n') + '\n');

    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        sent.push(`${req.method} ${req.url}\n${JSON.stringify(req.headers)}\n${body}`);
        res.setHeader('content-type', 'application/json');
        res.end(req.url?.endsWith('/config') ? JSON.stringify({ sketchSalt: 'a'.repeat(64), k: 1 }) : JSON.stringify({ ok: true, duplicate: false }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });

  afterAll(async () => {
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends only aggregates: no customer address, pseudonym, name, flow_id or community_id in any encoding', async () => {
    const spool = path.join(dir, 'spool');
    const summary = await runAgent({
      inputs: [dir],
      format: 'auto',
      hubUrl: url,
      apiKey: 'k',
      spoolDir: spool,
      member: 'm',
      sensorId: 's',
      k: 1,
      ownNetworks: ['198.51.100.0/24', '2001:db8:c0::/48'],
      follow: false,
      ipInfo: await createIpInfo(),
      log: () => undefined,
    });
    expect(summary.aggregated).toBeGreaterThan(10_000);
    // Every line counts: the fast and iptables lines fall in the last open hour of the EVE log.
    expect(summary.late).toBe(0);
    expect(summary.files.map((f) => f.format).sort()).toEqual(['eve', 'fast', 'iptables']);
    const posts = sent.filter((s) => s.startsWith('POST'));
    expect(posts.length).toBeGreaterThan(3);
    const all = sent.join('\n');
    // The traffic is real aggregates: rule names and sketches are there.
    expect(all).toContain('ET SCAN Potential SSH Scan');
    expect(all).toContain('hll1');

    const pan = new CryptoPan(readKeyFile(path.join(spool, 'cryptopan.key')));
    const forbidden = new Set<string>();
    for (const ip of [...CUSTOMER_V4, ...CUSTOMER_V6]) {
      for (const e of encodings(ip)) forbidden.add(e);
      for (const e of encodings(pan.anonymise(ip)!)) forbidden.add(e);
    }
    for (const n of NAMES) for (const e of encodings(n)) forbidden.add(e);
    for (const e of ['987654321012345', 'Zm9vYmFyYmF6cXV4', '1:Zm9v', 'community_id', 'flow_id', 'in_iface']) forbidden.add(e);
    const leaks = [...forbidden].filter((f) => all.includes(f));
    expect(leaks).toEqual([]);
    // Attacker-side addresses are not sent as addresses either, only as country/ASN and sketches.
    for (const src of ['203.0.113.77', '45.33.32.156', '185.220.101.3']) expect(all).not.toContain(src);
    // The local rule's name (which named a customer host) is a keyed hash; the address in a rule name is cut.
    expect(all).toMatch(/"signature":"rule [0-9a-f]{16}"/);
    expect(all).toContain('ET MALWARE callback from [addr]');
  }, 120_000);
});

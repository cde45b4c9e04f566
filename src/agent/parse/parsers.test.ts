import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEveLine } from './eve.ts';
import { createFastParser } from './fast.ts';
import { createIptablesParser } from './iptables.ts';
import { createCsvParser, parseCsvMapping, splitCsvLine } from './csv.ts';
import { detectFormat, parserFor } from './detect.ts';
import type { LogEvent, RejectReason } from './types.ts';
import { parseFastTimestamp, parseSyslogTimestamp } from './timestamp.ts';

const data = path.resolve(process.cwd(), '../shared/data');
const NOW = Date.UTC(2026, 10, 21, 12);
const now = (): number => NOW;
const isEvent = (r: LogEvent | RejectReason): r is LogEvent => typeof r === 'object';
const lines = (file: string): string[] => readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');

describe('EVE JSON', () => {
  const dirs = ['eve/suricata-verify', 'eve/dcso-fever'];
  const files = dirs.flatMap((d) => readdirSync(path.join(data, d)).filter((f) => f.endsWith('.json')).map((f) => path.join(data, d, f)));

  it('parses every real sample line', () => {
    let n = 0;
    for (const f of files) {
      expect(detectFormat(lines(f))).toBe('eve');
      for (const l of lines(f)) {
        const r = parseEveLine(l);
        expect(isEvent(r), `${path.basename(f)}: ${r as string}`).toBe(true);
        n++;
      }
    }
    expect(n).toBe(49);
  });

  it('extracts alert fields (Suricata 3 and 8 variants)', () => {
    const a = parseEveLine(lines(path.join(data, 'eve/suricata-verify/alert-testmyids.eve.json'))[0]!) as LogEvent;
    expect(a).toMatchObject({ kind: 'alert', sid: 2100498, gid: 1, severity: 2, srcIp: '82.165.177.154', destIp: '10.16.1.11', destPort: 54186, proto: 'TCP', category: 'Potentially Bad Traffic' });
    expect(a.ts).toBe(Date.UTC(2016, 6, 13, 22, 42, 7, 573));
    const l = parseEveLine(lines(path.join(data, 'eve/suricata-verify/detect-ldap-operation_eve.json'))[0]!) as LogEvent;
    expect(l).toMatchObject({ kind: 'alert', sid: 1, category: null, servicePort: 389 });
  });

  it('normalises numeric protocols and classifies event types', () => {
    const r = parseEveLine('{"timestamp":"2020-01-01T00:00:00.000000+0900","event_type":"flow","src_ip":"1.2.3.4","dest_ip":"5.6.7.8","proto":"017"}') as LogEvent;
    expect(r.proto).toBe('UDP');
    expect(r.kind).toBe('flow');
    expect(r.ts).toBe(Date.UTC(2019, 11, 31, 15));
    const an = parseEveLine('{"timestamp":"2020-01-01T00:00:00Z","event_type":"anomaly","src_ip":"1.2.3.4","dest_ip":"5.6.7.8","anomaly":{"type":"decode","event":"ipv4.trunc_pkt"}}') as LogEvent;
    expect(an).toMatchObject({ kind: 'anomaly', signature: 'anomaly decode ipv4.trunc_pkt' });
  });

  it('rejects junk with a reason, never throws', () => {
    const cases: Array<[string, RejectReason]> = [
      ['{"timestamp":"2020-01-01T00:00:00Z","event_type":"alert","src_ip":"1.2', 'not_json'],
      ['[1,2,3]', 'not_object'],
      ['{"event_type":"alert"}', 'missing_timestamp'],
      ['{"timestamp":"yesterday","event_type":"alert"}', 'bad_timestamp'],
      ['{"timestamp":"2020-01-01T00:00:00Z"}', 'missing_event_type'],
      ['{"timestamp":"2020-01-01T00:00:00Z","event_type":"alert","src_ip":42}', 'bad_address'],
      ['\u0000\u0001\u0002garbage', 'not_json'],
      ['{' + 'x'.repeat(10_000_000), 'not_json'],
    ];
    for (const [line, reason] of cases) expect(parseEveLine(line)).toBe(reason);
    const bad = Buffer.from('{"timestamp":"2020-01-01T00:00:00Z","event_type":"alert","alert":{"signature":"caf\xe9 \xff"}}', 'latin1').toString('utf8');
    expect(isEvent(parseEveLine(bad))).toBe(true);
  });
});

describe('fast alerts', () => {
  const fast = createFastParser(now);

  it('parses every real Snort 3 and Suricata sample line', () => {
    for (const f of ['snort3-alert_fast_plaso.log', 'suricata-alert_fast_plaso.log', 'suricata-verify_lua-fastlog.fast.log']) {
      const ls = lines(path.join(data, 'logs', f));
      expect(detectFormat(ls)).toBe('fast');
      for (const l of ls) expect(isEvent(fast(l)), `${f}: ${l}`).toBe(true);
    }
  });

  it('handles quoting, IPv6 addr:port, missing fields and date variants', () => {
    const ls = lines(path.join(data, 'logs/snort3-alert_fast_plaso.log'));
    const ipv6 = fast(ls.find((l) => l.includes('60884 ->') && l.includes('2001'))!) as LogEvent;
    expect(ipv6).toMatchObject({ srcIp: '2001:df1:c200:c:0:0:0:35', srcPort: 60884, destIp: '2001:4860:4860:0:0:0:0:8888', destPort: 80, signature: 'MALWARE-CNC outbound connection', severity: 1 });
    const icmp = fast(ls[0]!) as LogEvent;
    expect(icmp).toMatchObject({ proto: 'ICMP', destPort: null, category: null, severity: 3, signature: 'PROTOCOL-ICMP PING Unix' });
    expect(new Date(icmp.ts).toISOString()).toBe('2025-12-28T12:55:38.765Z');
    const suri = fast(lines(path.join(data, 'logs/suricata-alert_fast_plaso.log'))[0]!) as LogEvent;
    expect(new Date(suri.ts).toISOString()).toBe('2010-10-05T10:08:59.667Z');
    const yy = fast('21/12/28-12:55:38.765402 [**] [1:366:11] PING [**] [Priority: 3] {ICMP} 1.2.3.4 -> 5.6.7.8') as LogEvent;
    expect(new Date(yy.ts).toISOString()).toBe('2021-12-28T12:55:38.765Z');
    const lua = fast(lines(path.join(data, 'logs/suricata-verify_lua-fastlog.fast.log'))[0]!) as LogEvent;
    expect(lua).toMatchObject({ proto: 'TCP', sid: 2100498, srcPort: 80, destPort: 54186 });
  });

  it('parses syslog-wrapped Snort lines', () => {
    const a = fast('Jan 29 00:00:28 ids snort[1234]: [1:2003:8] MS-SQL Worm propagation attempt [Classification: Misc Attack] [Priority: 2]: {UDP} 203.0.113.9:1052 -> 198.51.100.7:1434') as LogEvent;
    expect(a).toMatchObject({ sid: 2003, category: 'Misc Attack', severity: 2, proto: 'UDP', destPort: 1434, signature: 'MS-SQL Worm propagation attempt' });
    expect(new Date(a.ts).getUTCMonth()).toBe(0);
    const b = fast('Feb  3 10:00:01 fw snort[99]: [1:1:1] x [**] [Priority: 3] {PROTO:254} 10.0.0.1 -> 10.0.0.2') as LogEvent;
    expect(b.proto).toBe('PROTO');
  });

  it('reads Suricata timestamps without the clock, other forms with it, protocols line after line', () => {
    let reads = 0;
    const p = createFastParser(() => {
      reads++;
      return NOW;
    });
    const tail = ' [**] [1:2:3] x [**] [Priority: 2] {TCP} 203.0.113.1:5 -> 198.51.100.2:80';
    const suri = p(`11/01/2026-13:14:15.678901 ${tail}`) as LogEvent;
    expect(new Date(suri.ts).toISOString()).toBe('2026-11-01T13:14:15.678Z');
    expect(reads).toBe(0);
    // Too short to be the Suricata form where the alert starts: the general path, which reads the clock.
    expect(new Date((p(`11/01-13:14:15.678901${tail}`) as LogEvent).ts).toISOString()).toBe('2026-11-01T13:14:15.678Z');
    expect(reads).toBe(1);
    expect(p(`13/01/2026-13:14:15.678901 ${tail}`)).toBe('bad_timestamp');
    const protos = ['{TCP}', '{udp}', '{PROTO:254}', '{TCP}', '{017}', '{ICMPv6}', '{udp}'];
    const want = ['TCP', 'UDP', 'PROTO', 'TCP', 'UDP', 'IPv6-ICMP', 'UDP'];
    expect(protos.map((x) => (p(`11/01/2026-13:14:15.678901 ${tail.replace('{TCP}', x)}`) as LogEvent).proto)).toEqual(want);
    // Ports are split off IPv6 addresses only for port-carrying protocols.
    const v6 = p(`11/01/2026-13:14:15.678901 ${tail.replace('{TCP} 203.0.113.1:5', '{ICMP} 2001:db8::1:5')}`) as LogEvent;
    expect(v6).toMatchObject({ srcIp: '2001:db8::1:5', srcPort: null });
  });

  it("gives Suricata's own lines the same result as the general path", () => {
    // A leading space keeps a line off the Suricata-form path (timestamp and `[**]` at fixed places), so
    // the general pattern and timestamp parser decide it: both paths must agree on events and rejects.
    const ts = '11/01/2026-13:14:15.678901';
    const rest = '[1:2001219:7] ET SCAN x [**] [Classification: Attempted Information Leak] [Priority: 2] {TCP} 175.199.56.82:1276 -> 198.51.100.103:22';
    const cases: Array<[string, Partial<LogEvent> | string]> = [
      [`${ts}  [**] ${rest}`, { sid: 2001219, signature: 'ET SCAN x', category: 'Attempted Information Leak', severity: 2, srcPort: 1276, destPort: 22 }],
      [`${ts}  [**] [1:2:3] "quoted \\"msg\\" [x] {y}" [**] {UDP} 1.2.3.4:5 -> 5.6.7.8:6`, { signature: 'quoted "msg" [x] {y}', category: null, severity: null }],
      [`${ts}  [**] [1:2:3] a: b {c} d [**] [Priority: 1] {TCP} 1.2.3.4:5 -> 5.6.7.8:6`, { signature: 'a: b {c} d', severity: 1 }],
      [`${ts}  [**] [1:2:3] msg [Priority: 3]: {ICMP} 1.2.3.4 -> 5.6.7.8`, { signature: 'msg', proto: 'ICMP', destPort: null }],
      [`${ts}  [**] [ 1:2:3 ] x [**] {TCP} [2001:db8::1]:80 -> 2001:db8::2:443`, { srcIp: '2001:db8::1', srcPort: 80, destIp: '2001:db8::2', destPort: 443 }],
      [`${ts}  [**] ${rest.replace('1276', '70000')}`, { srcIp: '175.199.56.82', srcPort: null }],
      [`${ts}  [**] ${rest.replace('175.199.56.82', '175.199.56.820')}`, 'bad_address'],
      [`${ts}  [**] ${rest.replace('{TCP}', 'TCP')}`, 'not_fast_alert'],
      [`13/01/2026-13:14:15.678901  [**] ${rest}`, 'bad_timestamp'],
      [`11/01/2026-24:14:15.678901  [**] ${rest}`, 'bad_timestamp'],
      [`11/01/2026-13:60:15.678901  [**] ${rest}`, 'bad_timestamp'],
      [`11/01/2026-13:14:61.678901  [**] ${rest}`, 'bad_timestamp'],
      [`11/01/2026-13:14:15.67890  [**] ${rest}`, { sid: 2001219 }],
      [`${ts} [**] ${rest}`, { sid: 2001219 }],
      [`${ts}  [**]  ${rest}`, { sid: 2001219 }],
    ];
    for (const [line, want] of cases) {
      const got = fast(line);
      expect(got, line).toEqual(fast(` ${line}`));
      if (typeof want === 'string') expect(got, line).toBe(want);
      else expect(got, line).toMatchObject({ ...want, ts: Date.parse('2026-11-01T13:14:15.678Z') });
    }
  });

  it('rejects junk', () => {
    expect(fast('hello world')).toBe('not_fast_alert');
    expect(fast('[**] [1:2:3] x [**] {TCP} 1.2.3.4:1 -> 5.6.7.8:2')).toBe('missing_timestamp');
    expect(fast('01/02-11:30:23.1 [**] [1:2:3] x [**] {TCP} 1.2.3.999:1 -> 5.6.7.8:2')).toBe('bad_address');
  });
});

describe('iptables LOG', () => {
  const ipt = createIptablesParser(now);

  it('parses every real sample line, including IPv6 and header-less lines', () => {
    const ls = lines(path.join(data, 'logs/iptables_logstash-patterns-core.log'));
    expect(detectFormat(ls)).toBe('iptables');
    const evs = ls.map((l) => ipt(l));
    for (const e of evs) expect(isEvent(e)).toBe(true);
    expect(evs[0]).toMatchObject({ srcIp: '24.64.208.134', destIp: '216.58.112.55', proto: 'UDP', srcPort: 24128, destPort: 1026, action: 'blocked' });
    expect(evs[4]).toMatchObject({ srcIp: 'fe80:0000:0000:0000:16da:e9ff:feec:a04d', destPort: 5353 });
    expect((evs[5] as LogEvent).ts).toBe(NOW);
  });

  it('parses UFW, OpenWRT, ICMP and kernel-uptime forms', () => {
    const ufw = ipt('Nov 20 10:00:00 host kernel: [ 3529.289825] [UFW BLOCK] IN=eth0 OUT= MAC=aa SRC=198.51.100.2 DST=192.0.2.10 LEN=40 TOS=0x00 PREC=0x00 TTL=241 ID=1 PROTO=TCP SPT=40000 DPT=23 WINDOW=1024 RES=0x00 SYN URGP=0') as LogEvent;
    expect(ufw).toMatchObject({ action: 'blocked', destPort: 23, proto: 'TCP' });
    const owrt = ipt('Nov 20 10:00:00 OpenWrt kernel: [12345.1] DROP(src wan)IN=eth1 OUT= MAC=00:00 SRC=203.0.113.5 DST=192.0.2.1 LEN=44 PROTO=TCP SPT=1 DPT=22') as LogEvent;
    expect(owrt).toMatchObject({ srcIp: '203.0.113.5', destPort: 22, action: 'blocked' });
    const icmp = ipt('Nov 20 10:00:00 h kernel: ACCEPT IN=eth0 OUT= SRC=203.0.113.5 DST=192.0.2.1 LEN=84 PROTO=ICMP TYPE=8 CODE=0 ID=1 SEQ=1') as LogEvent;
    expect(icmp).toMatchObject({ proto: 'ICMP', destPort: null, signature: 'icmp type 8', action: 'allowed' });
  });

  it('finds fields, ports, protocols and actions exactly as the regex-based parser did', () => {
    const p = createIptablesParser(now);
    const base = 'Nov 20 10:00:00 h kernel: [ 1.5] PFX IN=eth0 OUT= SRC=203.0.113.5 DST=192.0.2.1 LEN=40 PROTO=TCP SPT=1 DPT=22';
    const cases: Array<[string, Partial<LogEvent> | RejectReason]> = [
      [base, { srcIp: '203.0.113.5', destIp: '192.0.2.1', proto: 'TCP', srcPort: 1, destPort: 22, action: 'logged', category: 'firewall logged' }],
      // A key counts only after a space: `XSRC=` is not SRC, and the first ` SRC=` after IN= wins.
      [base.replace(' SRC=', ' XSRC=1.1.1.1 SRC='), { srcIp: '203.0.113.5' }],
      [base.replace('IN=eth0', 'IN=eth0 SRC=198.51.100.9'), { srcIp: '198.51.100.9' }],
      [base.replace(' SRC=203.0.113.5', ' XSRC=203.0.113.5'), 'not_iptables'],
      [base.replace('SPT=1 DPT=22', 'SPT=65535 DPT=65536'), { srcPort: 65535, destPort: null }],
      [base.replace('DPT=22', 'DPT=022'), { destPort: 22 }],
      [base.replace('DPT=22', 'DPT=123456'), { destPort: null }],
      [base.replace('DPT=22', 'DPT=2x'), { destPort: null }],
      [base.replace('DPT=22', 'DPT='), { destPort: null }],
      [base.replace('DPT=22', 'DPT=٢٢'), { destPort: null }],
      [base.replace('PROTO=TCP', 'PROTO=017'), { proto: 'UDP' }],
      [base.replace('PROTO=TCP', 'PROTO=icmpv6 TYPE=128'), { proto: 'IPv6-ICMP', signature: 'icmp type 128' }],
      [base.replace('PROTO=TCP', 'PROTO='), { proto: null }],
      [base.replace(' PROTO=TCP', ''), { proto: null }],
      // The action comes from the prefix after `kernel:` and the uptime stamp, whatever the rule name.
      [base.replace('PFX', '[UFW BLOCK]'), { action: 'blocked', category: 'firewall blocked' }],
      [base.replace('PFX', 'ACCEPT'), { action: 'allowed', category: 'firewall allowed' }],
      [base.replace('[ 1.5] PFX', '[1.]').replace('h kernel', 'drop kernel'), { action: 'logged' }],
      [base.replace('h kernel:', 'drop-host'), { action: 'blocked' }],
      [base.replace('h kernel:', 'h\rdrop kernel:'), { action: 'blocked' }],
    ];
    // Twice through, in order and reversed, so memos carried from the line before cannot change an answer.
    for (const list of [cases, [...cases].reverse()]) {
      for (const [line, want] of list) {
        const got = p(line);
        if (typeof want === 'string') expect(got, line).toBe(want);
        else expect(got, line).toMatchObject(want);
      }
    }
  });

  it('rejects lines that are not LOG lines', () => {
    expect(ipt('MIN=3 nothing here')).toBe('not_iptables');
    expect(ipt('IN=eth0 OUT= no addresses')).toBe('not_iptables');
  });
});

describe('CSV', () => {
  it('maps columns by header name or index, with quoting', () => {
    expect(splitCsvLine('a,"b,c","d""e",')).toEqual(['a', 'b,c', 'd"e', '']);
    const p = createCsvParser(parseCsvMapping('ts=when,src=from,dst=to,dport=port,sig=rule'), now);
    expect(p('when,from,to,port,rule')).toBe('csv_header');
    const e = p('2024-01-01T10:00:00Z,203.0.113.1,192.0.2.1,22,"SSH, brute"') as LogEvent;
    expect(e).toMatchObject({ srcIp: '203.0.113.1', destPort: 22, signature: 'SSH, brute', kind: 'alert' });
    const byIdx = createCsvParser(parseCsvMapping('src=0,dst=1,dport=2'), now);
    expect(byIdx('203.0.113.1,192.0.2.1,80')).toMatchObject({ destPort: 80, kind: 'firewall', ts: NOW });
    expect(p('only-one-column')).toBe('csv_columns');
    expect(() => parseCsvMapping('bogus=1')).toThrow(/unknown CSV mapping/);
  });

  it('guesses columns from a header and detects the format', () => {
    const ls = ['timestamp,src_ip,dest_ip,dest_port,proto', '1700000000,203.0.113.1,192.0.2.1,443,6'];
    expect(detectFormat(ls)).toBe('csv');
    const p = parserFor('csv');
    expect(p(ls[0]!)).toBe('csv_header');
    expect(p(ls[1]!)).toMatchObject({ ts: 1_700_000_000_000, proto: 'TCP', destPort: 443 });
  });
});

describe('mixed syslog', () => {
  it('dispatches each line to its parser', () => {
    const p = parserFor('mixed', { now });
    expect(p('Nov 20 10:00:00 h kernel: X IN=eth0 OUT= SRC=203.0.113.5 DST=192.0.2.1 PROTO=UDP SPT=1 DPT=53')).toMatchObject({ kind: 'firewall' });
    expect(p('random text')).toBe('unknown_format');
  });
});

describe('timestamp fast paths', () => {
  it('fixed-position fast.log timestamps agree with the general pattern', () => {
    const samples = ['11/01/2026-00:00:00.018123', '02/29/2024-23:59:60.999999', '12/31/1999-07:05:09.000001', '13/01/2026-00:00:00.000000', '00/10/2026-00:00:00.000000', '01/32/2026-00:00:00.000000', '01/00/2026-00:00:00.000000', '04/31/2026-24:00:00.000000', '04/30/2026-23:60:00.000000', '04/30/2026-23:59:61.000000', '04/30/2026-23:59:59.1x0000', '04/30/0026-01:02:03.456789', '4/30/2026-01:02:03.456789'];
    for (const ts of samples) {
      for (const tail of ['  [**] ', '']) {
        // A leading space defeats the fixed-position path, so the regex decides: both must agree.
        expect(parseFastTimestamp(ts + tail, NOW), ts).toEqual(parseFastTimestamp(` ${ts}${tail}`, NOW));
      }
    }
    expect(new Date(parseFastTimestamp('11/01/2026-13:14:15.678901  [**] ', NOW)).toISOString()).toBe('2026-11-01T13:14:15.678Z');
  });

  it('syslog timestamps stay right when consecutive lines share the second or the clock moves', () => {
    const line = 'Dec 31 23:59:59 fw kernel: IN=eth0';
    const jan = Date.UTC(2027, 0, 1, 0, 0, 5);
    // Year inference: a date more than a day ahead of "now" belongs to the previous year.
    expect(new Date(parseSyslogTimestamp(line, NOW)).toISOString()).toBe('2025-12-31T23:59:59.000Z');
    expect(new Date(parseSyslogTimestamp(line.replace('fw', 'gw'), NOW)).toISOString()).toBe('2025-12-31T23:59:59.000Z');
    expect(new Date(parseSyslogTimestamp(line, jan)).toISOString()).toBe('2026-12-31T23:59:59.000Z');
    expect(new Date(parseSyslogTimestamp('Dec 31 23:59:5 x', jan))).toEqual(new Date(NaN));
    expect(new Date(parseSyslogTimestamp('Dec  1 00:00:00 fw', Date.UTC(2026, 10, 1))).toISOString()).toBe('2025-12-01T00:00:00.000Z');
    expect(new Date(parseSyslogTimestamp('Dec  1 00:00:00 fw', NOW)).toISOString()).toBe('2025-12-01T00:00:00.000Z');
  });
});

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = path.resolve(process.cwd(), 'bin/renkei.js');

function renkei(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [BIN, 'normalize', ...args], { encoding: 'utf8', input, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('renkei normalize', () => {
  it('--json prints one object per input and exits 1 when some are rejected', () => {
    const r = renkei(['--json', '1[.]2[.]3[.]4', 'hXXps:/www[.]mit.gov.it/Doc', '/zuniga.php', 'D41D8CD98F00B204E9800998ECF8427E', '--', '-evil.com']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual([
      { input: '1[.]2[.]3[.]4', type: 'ip-dst', value: '1.2.3.4' },
      { input: 'hXXps:/www[.]mit.gov.it/Doc', type: 'url', value: 'https://www.mit.gov.it/Doc' },
      { input: '/zuniga.php', error: 'path without a host' },
      { input: 'D41D8CD98F00B204E9800998ECF8427E', type: 'md5', value: 'd41d8cd98f00b204e9800998ecf8427e' },
      { input: '-evil.com', type: 'domain', value: '-evil.com' },
    ]);
  });

  it('text output: one line per input, exit 0 when all are valid, --type AS for bare numbers', () => {
    const r = renkei(['--type', 'AS', '15169', 'AS4200000001']);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n')).toEqual(['AS  15169       <- 15169', 'AS  4200000001  <- AS4200000001']);
  });

  it('reads values from stdin when none are given, and shows notes and errors in text', () => {
    const r = renkei([], '\ufeff10.0.0.1\nsupport¬forum.org\n');
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ip-dst\s+10\.0\.0\.1 {2}\(non-routable address\)\s+<- \ufeff10\.0\.0\.1$/);
    expect(lines[1]).toMatch(/^error\s+invalid character '¬' in host name\s+<- support¬forum\.org$/);
  });

  it('exits 2 on an unknown --type and on empty stdin', () => {
    expect(renkei(['--type', 'bogus', 'x']).code).toBe(2);
    const r = renkei([], '');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no values');
  });
});

import { describe, expect, it } from 'vitest';
import { parseIp } from '../core/net/ip-fast.ts';
import { loadAsnTable } from './asn-table.ts';

const v6 = (ip: string): Uint8Array => {
  const p = parseIp(ip);
  if (!p || p.v !== 6) throw new Error(ip);
  return p.b;
};

describe('ASN table from CSV bytes', () => {
  const v4 = Buffer.from(
    [
      '16777216,16777471,13335,"Cloudflare, Inc."', // quoted name with a comma
      '16777472,16778239,38803,"The ""Quoted"" Net"\r', // doubled quotes, CRLF
      'junk line without fields',
      'x,16779000,1,bad start',
      '134744064,134744319,15169,Google LLC',
      '',
    ].join('\n'),
  );
  // 2001:db8::/32 → 42540766411282592856903984951653826560 .. 42540766490510755371168322545197776895
  const six = Buffer.from(
    ['42540766411282592856903984951653826560,42540766490510755371168322545197776895,64500,Doc Net', '1' + '0'.repeat(39) + ',1,1,too big', ''].join('\n'),
  );
  const t = loadAsnTable(v4, six);

  it('reads quoted names, CRLF lines and skips lines it cannot read', () => {
    expect(t.size).toBe(4);
    expect(t.nameOf(t.findV4(16777216 + 5))).toBe('Cloudflare, Inc.');
    expect(t.nameOf(t.findV4(16777500))).toBe('The "Quoted" Net');
    expect(t.asn[t.findV4(134744072)]).toBe(15169);
    expect(t.findV4(134744320)).toBe(-1);
    expect(t.findV4(0)).toBe(-1);
  });

  it('keys IPv6 ranges by their upper 64 bits, parsed from 128-bit decimals', () => {
    const i = t.findV6(v6('2001:db8:1234::1'));
    expect(t.asn[i]).toBe(64500);
    expect(t.nameOf(i)).toBe('Doc Net');
    expect(t.findV6(v6('2001:db9::1'))).toBe(-1);
  });
});

import { describe, expect, it } from 'vitest';
import { MAX_VALUE_LENGTH, normalize, normalizeMany } from './normalize.ts';

type Row = [input: string, type: string, value: string, note?: string];

// Accepted values: [input, type, canonical value, note?]. Sources of real examples in comments.
const ACCEPTED: Row[] = [
  // IPv4 / IPv6
  ['1.2.3.4', 'ip-dst', '1.2.3.4'],
  ['1[.]2[.]3[.]4', 'ip-dst', '1.2.3.4'],
  ['52.151.9[.]80', 'ip-dst', '52.151.9.80'], // unit42 BazarCall/Appendix-A.txt
  ['192.168.001.010', 'ip-dst', '192.168.1.10', 'non-routable address'],
  ['010.020.030.040', 'ip-dst', '10.20.30.40', 'non-routable address'],
  ['8.008.8.8', 'ip-dst', '8.8.8.8', 'leading zeros read as decimal'],
  ['0x7f.0.0.1', 'ip-dst', '127.0.0.1', 'non-routable address'],
  ['0x08.0x08.0x08.0x08', 'ip-dst', '8.8.8.8', 'obfuscated IPv4 notation'],
  ['2001:4860:4860:0:0:0:0:8888', 'ip-dst', '2001:4860:4860::8888'],
  ['2001:DB8:0:0:1:0:0:1', 'ip-dst', '2001:db8::1:0:0:1', 'non-routable address'],
  ['::ffff:8.8.4.4', 'ip-dst', '8.8.4.4'], // IPv4-mapped, as in public C2 lists
  ['[2606:4700::1111]', 'ip-dst', '2606:4700::1111'],
  // CIDR
  ['1.10.16.0/20', 'ip-dst', '1.10.16.0/20'], // spamhaus-drop/drop.txt
  ['1.10.16.7/20', 'ip-dst', '1.10.16.0/20', 'host bits cleared'],
  ['8.8.8.8/32', 'ip-dst', '8.8.8.8'],
  ['2600:1f14::1/128', 'ip-dst', '2600:1f14::1'],
  ['2600:1F14:0:0::1/36', 'ip-dst', '2600:1f14::/36', 'host bits cleared'],
  ['10.0.0.0/8', 'ip-dst', '10.0.0.0/8', 'non-routable address'], // firehol_level1.netset
  ['224.0.0.0/3', 'ip-dst', '224.0.0.0/3', 'non-routable address'], // firehol_level1.netset
  ['203.0.113.0/24', 'ip-dst', '203.0.113.0/24', 'non-routable address'], // Vultr list: documentation range
  // address and port
  ['190.97.166.194:8080', 'ip-dst|port', '190.97.166.194|8080'], // maltrail agenttesla.txt
  ['125.212.132.222|443', 'ip-dst|port', '125.212.132.222|443'], // MISP composite
  ['10.10.30.110|1992', 'ip-dst|port', '10.10.30.110|1992', 'non-routable address'], // CIRCL to_delete2.json
  ['[2606:4700::1111]:443', 'ip-dst|port', '2606:4700::1111|443'],
  ['2606:4700::1111|0443', 'ip-dst|port', '2606:4700::1111|443'],
  ['evil.com:8080', 'hostname|port', 'evil.com|8080'],
  ['Mail.Evil.com|25', 'hostname|port', 'mail.evil.com|25'],
  ['evil.com|1.2.3.4', 'domain|ip', 'evil.com|1.2.3.4'],
  // domains and host names
  ['owa-insss-org-ill-owa-authen[.]ml', 'domain', 'owa-insss-org-ill-owa-authen.ml'], // unit42 OilRig.csv
  ['vvrhhhnaijyj6s2m[.]onion[dot]top', 'hostname', 'vvrhhhnaijyj6s2m.onion.top'], // CIRCL very_long_event.json
  ['hxxp-naver.wetax-pay.online', 'hostname', 'hxxp-naver.wetax-pay.online'], // maltrail apt_kimsuky.txt (trap)
  ['lilyoejivdhxxpjfb.su', 'domain', 'lilyoejivdhxxpjfb.su'], // maltrail phorpiex.txt (trap)
  ['malware.DSMTP.COM', 'hostname', 'malware.dsmtp.com'], // maltrail apt_menupass.txt
  ['0x21.in', 'domain', '0x21.in'], // ThreatFox: a real domain, not a hex IP
  ['mypeeps.ninja  ', 'domain', 'mypeeps.ninja'], // maltrail formbook.txt: trailing blanks
  ['oneearthfuture.online ', 'domain', 'oneearthfuture.online'], // maltrail apt_kimsuky.txt
  ['\ufeffexample.com', 'domain', 'example.com'], // BOM (unit42 bitter/iocs.csv)
  ['Example.COM.', 'domain', 'example.com'],
  ['636695lm.nyashkoon.top', 'hostname', '636695lm.nyashkoon.top'], // maltrail dcrat.txt
  ['chatgpt0005.eu.org', 'domain', 'chatgpt0005.eu.org'], // phishunt: eu.org is a (private) public suffix
  ['autocargo.100gbfreehost.com', 'hostname', 'autocargo.100gbfreehost.com'], // maltrail apt_darkhotel.txt
  ['according-psp.at.ply.gg', 'hostname', 'according-psp.at.ply.gg', 'public suffix (shared provider)'], // maltrail xworm.txt
  ['пример.рф', 'domain', 'xn--e1afmkfd.xn--p1ai'],
  ['www.xn--0tr47cry2eihq.net', 'hostname', 'www.xn--0tr47cry2eihq.net'],
  ['*.evil.com', 'domain', 'evil.com', 'wildcard removed'],
  ['.evil.com', 'domain', 'evil.com', 'leading dot removed'],
  // URLs
  ['hxxp://106[.]187[.]38[.]21/short_qr/work[.]php?c=', 'url', 'http://106.187.38.21/short_qr/work.php?c='], // unit42 MuddyWater
  ['http://www[.]pfirsterer[.]com/chrome/chrome99[.]exe', 'url', 'http://www.pfirsterer.com/chrome/chrome99.exe'], // unit42 macro_loader
  ['silverisikgaz[.]com/inc/Invoice[.]exe', 'url', 'http://silverisikgaz.com/inc/Invoice.exe'], // unit42 macro_loader
  ['hXXps:/www[.]mit.gov.it/Doc', 'url', 'https://www.mit.gov.it/Doc'], // ESET 2020_Q3 README.adoc
  ['ap8898.com/include/arc.search.class.php    ', 'url', 'http://ap8898.com/include/arc.search.class.php'], // maltrail apt_lazarus.txt
  ['dl[.]dropboxusercontent[.]com/s/x/File.doc', 'url', 'http://dl.dropboxusercontent.com/s/x/File.doc'],
  ['190.97.166.194:8080/gate.php', 'url', 'http://190.97.166.194:8080/gate.php'],
  ['https://HoarmonyNest.top/api', 'url', 'https://hoarmonynest.top/api'], // ThreatFox upper-case host
  ['http://ANIMAILSHEALTHYFOODSLINE.TOP:443', 'url', 'http://animailshealthyfoodsline.top:443/'], // ThreatFox
  ['https://example.com:443/A?B=C#Frag', 'url', 'https://example.com/A?B=C#Frag'],
  ['HTTP://Example.com', 'url', 'http://example.com/'],
  ['http://www.xn--0tr47cry2eihq.net/hx287/', 'url', 'http://www.xn--0tr47cry2eihq.net/hx287/'], // ThreatFox IDN
  ['http://пример.рф/path', 'url', 'http://xn--e1afmkfd.xn--p1ai/path'],
  ['http://0x21.in:8000/_az/', 'url', 'http://0x21.in:8000/_az/'], // ThreatFox
  ['ftp://anonymous:anonymous@81.181.129.231/all.sh', 'url', 'ftp://anonymous:anonymous@81.181.129.231/all.sh'], // maltrail
  ['tftp://46.236.170.199/.i', 'url', 'tftp://46.236.170.199/.i'], // maltrail
  ['tcp://46.8.231.224/scripts/4thepool_miner.sh', 'url', 'tcp://46.8.231.224/scripts/4thepool_miner.sh'], // maltrail
  ['tcp://EVIL.com:4444/x', 'url', 'tcp://evil.com:4444/x'],
  ['http://[2001:DB8::1]:8080/x', 'url', 'http://[2001:db8::1]:8080/x'],
  ['http://x.com/My File.exe', 'url', 'http://x.com/My%20File.exe'], // WHATWG percent-encodes a space in the path
  ['https://asioklaydpory.com/work/', 'url', 'https://asioklaydpory.com/work/'], // ThreatFox duplicate
  // ESET write-ups: AsciiDoc link markup
  [
    'https://www.welivesecurity.com/2020/09/10/who-callin-cdrthief-linux-voip-softswitches/[CDRThief]',
    'url',
    'https://www.welivesecurity.com/2020/09/10/who-callin-cdrthief-linux-voip-softswitches/',
    'link label removed',
  ],
  // markup around values in write-ups (ESET README.adoc: code spans and AsciiDoc `++` passthrough)
  ['`rammenale[.]com`', 'domain', 'rammenale.com'],
  ['`++http://bj.whtjz[.]com/zz1.php++`', 'url', 'http://bj.whtjz.com/zz1.php'],
  ['`88.218.192[.]128:5633`', 'ip-dst|port', '88.218.192.128|5633'],
  ['`+http://bug.restoroad[.]com/admin/view_status.php+`', 'url', 'http://bug.restoroad.com/admin/view_status.php'],
  ['"evil.com"', 'domain', 'evil.com'],
  ['<http://evil.com/x>', 'url', 'http://evil.com/x'],
  // hashes
  ['D17FE5BC3042BAF219E81CBBF991749DFCD8B6D73CF6506A8228E19910DA3578', 'sha256', 'd17fe5bc3042baf219e81cbbf991749dfcd8b6d73cf6506a8228e19910da3578'], // ESET operation_jacana
  ['d41d8cd98f00b204e9800998ecf8427e', 'md5', 'd41d8cd98f00b204e9800998ecf8427e'],
  ['DA39A3EE5E6B4B0D3255BFEF95601890AFD80709', 'sha1', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
  ['A'.repeat(128), 'sha512', 'a'.repeat(128)],
  ['invoice.exe|D41D8CD98F00B204E9800998ECF8427E', 'filename|md5', 'invoice.exe|d41d8cd98f00b204e9800998ecf8427e'],
  ['My Invoice.PDF.exe|da39a3ee5e6b4b0d3255bfef95601890afd80709', 'filename|sha1', 'My Invoice.PDF.exe|da39a3ee5e6b4b0d3255bfef95601890afd80709'],
  // e-mail, AS
  ['Attacker[at]Evil[.]COM', 'email-src', 'attacker@evil.com'],
  ['mailto:x.y+z@example.org', 'email-src', 'x.y+z@example.org'],
  ['AS15169', 'AS', '15169'],
  ['as15169', 'AS', '15169'],
  ['ASN4200000001', 'AS', '4200000001'],
  ['AS1.10', 'AS', '65546'],
];

const REJECTED: [input: string, error: string][] = [
  ['', 'empty value'],
  ['``', 'empty value'],
  ["'x'", 'single label, not a domain name'],
  ['   \t ', 'empty value'],
  ['a\u0000b.com', 'contains control characters'],
  ['evil\u200b.com', 'contains invisible formatting characters'],
  ['x'.repeat(MAX_VALUE_LENGTH + 1), `longer than ${MAX_VALUE_LENGTH} characters`],
  ['f0295f2e46cebffaf7892a5b33ba54122781c20bs', "41 characters with non-hex 's': not a valid hash"], // ESET modiloader/samples.sha1
  ['f0295f2e46cebffaf7892a5b33ba54122781c20b1', '41 hex digits: not a known hash length'],
  ['f5329cf2a829f8840ba6a903f17a1bf', '31 hex digits: not a known hash length'], // unit42 iran_linked_operators
  ['support¬forum.org', "invalid character '¬' in host name"], // maltrail apt_darkhotel.txt
  ['/zuniga.php', 'path without a host'], // maltrail path-only trail
  ['/gnuboard4/bbs/img/upload/', 'path without a host'],
  ['3e:0a:2c:0e:38:22:59:d6:91:52:e1:7e:09:e4:d1:65', 'colon-separated hex bytes (serial or fingerprint), not an IPv6 address'], // ESET king_tut
  ['2001:db8::1::2', 'not a valid IPv6 address'],
  ['fe80::1%eth0', 'IPv6 zone index not allowed'],
  ['1.2.3', 'not a valid IPv4 address'],
  ['256.1.1.1', 'not a valid IPv4 address'],
  ['1.2.3.4.5', 'not a valid IPv4 address'],
  ['1.2.3.4:70000', 'port out of range'],
  ['1.2.3.4/33', 'IPv4 prefix /33 is longer than 32'],
  ['15169', 'bare number: not an indicator (use type AS for an AS number)'],
  ['localhost', 'single label, not a domain name'],
  ['co.uk', 'co.uk is a public suffix, not a domain name'],
  ['two words.com', 'contains whitespace'],
  ['a..b.com', 'empty label in host name'],
  ['user@localhost', 'e-mail domain: single label, not a domain name'],
  ['http://', 'URL without a host'],
  ['http://exa mple.com/', 'whitespace in URL host'],
  ['http://support¬forum.org/x', "invalid character '¬' in host name"],
  ['foo/bar', 'URL host: single label, not a domain name'],
  ['1.2.3.4|', 'composite value with an empty half'],
  ['x.exe|abcdef', '6 hex digits: not a known hash length'],
  ['foo|bar', 'unrecognised composite value'],
  ['AS99999999999', 'AS number out of range'],
  ['AS70000.1', 'asdot AS number out of range'],
];

describe('normalize: accepted values', () => {
  it.each(ACCEPTED)('%j → %s %s', (input, type, value, note) => {
    const r = normalize(input);
    expect(r).toEqual(note ? { ok: true, input, type, value, note } : { ok: true, input, type, value });
  });

  it.each(ACCEPTED)('%j: the canonical value is a fixed point', (input) => {
    const r = normalize(input);
    if (!r.ok) throw new Error(r.error);
    const again = normalize(r.value, r.type === 'AS' ? { type: 'AS' } : undefined);
    expect(again).toMatchObject({ ok: true, type: r.type, value: r.value });
  });
});

describe('normalize: rejected values', () => {
  it.each(REJECTED)('%j → %s', (input, error) => {
    expect(normalize(input)).toEqual({ ok: false, input, error });
  });
});

describe('normalize with a forced type', () => {
  it.each([
    ['15169', 'AS', 'AS', '15169'],
    ['AS15169', 'AS', 'AS', '15169'],
    ['1.2.3.4', 'ip-src', 'ip-src', '1.2.3.4'],
    ['1.2.3.4:80', 'ip-src|port', 'ip-src|port', '1.2.3.4|80'],
    ['www.example.com', 'domain', 'domain', 'www.example.com'],
    ['example.com', 'hostname', 'hostname', 'example.com'],
    ['example.com', 'url', 'url', 'http://example.com/'],
    ['evil.com/x.php', 'url', 'url', 'http://evil.com/x.php'],
    ['a@b.com', 'email-dst', 'email-dst', 'a@b.com'],
  ])('%s as %s', (input, forced, type, value) => {
    expect(normalize(input, { type: forced })).toEqual({ ok: true, input, type, value });
  });

  it.each([
    ['example.com', 'md5', 'not a valid md5 (reads as domain)'],
    ['1.2.3.4', 'domain', 'not a valid domain (reads as ip-dst)'],
    ['Data/dtl.dat', 'url', 'URL host: single label, not a domain name'], // CIRCL event: `url` attribute with a relative path
    ['x', 'vulnerability', "unsupported type 'vulnerability'"],
    ['abc', 'AS', 'not an AS number'],
  ])('%s as %s → %s', (input, forced, error) => {
    expect(normalize(input, { type: forced })).toEqual({ ok: false, input, error });
  });
});

describe('normalizeMany', () => {
  it('keeps order and one result per input', () => {
    const r = normalizeMany(['1.2.3.4', 'bad value', 'EXAMPLE.com']);
    expect(r.map((x) => (x.ok ? x.value : x.error))).toEqual(['1.2.3.4', 'contains whitespace', 'example.com']);
  });

  it('passes the forced type to every value', () => {
    expect(normalizeMany(['1', '2'], { type: 'AS' }).map((x) => x.ok && x.value)).toEqual(['1', '2']);
  });
});

import { describe, expect, it } from 'vitest';
import { refang } from './refang.ts';

describe('refang', () => {
  it.each([
    // unit42 iran_linked_operators/OilRig.csv
    ['owa-insss-org-ill-owa-authen[.]ml', 'owa-insss-org-ill-owa-authen.ml'],
    // unit42 MuddyWater
    ['hxxp://106[.]187[.]38[.]21/short_qr/work[.]php?c=', 'http://106.187.38.21/short_qr/work.php?c='],
    // unit42 macro_loader/iocs.csv: brackets in the path, no scheme
    ['silverisikgaz[.]com/inc/Invoice[.]exe', 'silverisikgaz.com/inc/Invoice.exe'],
    // ESET quarterly_reports/2020_Q3/README.adoc: mixed case and a single slash
    ['hXXps:/www[.]mit.gov.it/x', 'https://www.mit.gov.it/x'],
    // CIRCL very_long_event.json
    ['vvrhhhnaijyj6s2m[.]onion[dot]top', 'vvrhhhnaijyj6s2m.onion.top'],
    // unit42 BazarCall (IP inside prose)
    ['seen at 52.151.9[.]80 today', 'seen at 52.151.9.80 today'],
    ['hXXp://a(.)b{.}c(dot)d{dot}e[DOT]f', 'http://a.b.c.d.e.f'],
    ['hxxp[:]//evil[.]com', 'http://evil.com'],
    ['user[at]example[.]com', 'user@example.com'],
    ['user(at)example.com', 'user@example.com'],
    ['user[@]example.com', 'user@example.com'],
    ['HXXPS://EVIL.COM', 'https://EVIL.COM'],
    ['h**p://evil.com', 'http://evil.com'],
    ['see hxxps://x.com and hxxp://y.com', 'see https://x.com and http://y.com'],
  ])('%s → %s', (input, expected) => {
    expect(refang(input)).toBe(expected);
  });

  it.each([
    // Real domains that contain "hxxp" (maltrail apt_kimsuky.txt, phorpiex.txt): not a scheme position.
    'hxxp-naver.wetax-pay.online',
    'lilyoejivdhxxpjfb.su',
    'abchxxp://x.com',
    'http://[2001:db8::1]:443/',
    'https://example.com/a(b)c',
    'https://www.welivesecurity.com/x/[CDRThief]',
  ])('leaves %s alone', (input) => {
    expect(refang(input)).toBe(input);
  });
});

import { describe, expect, it } from 'vitest';
import { parsePattern, PatternError } from './pattern.ts';
import { mapPattern } from './pattern-map.ts';

describe('parsePattern', () => {
  it('parses comparisons, OR/AND, quoted path steps and list indexes', () => {
    const ast = parsePattern("[file:hashes.'SHA-256' = 'ab' OR domain-name:resolves_to_refs[*].value = '1.2.3.4']");
    expect(ast.kind).toBe('obs');
    if (ast.kind !== 'obs' || ast.expr.kind !== 'or') throw new Error('shape');
    expect(ast.expr.items).toHaveLength(2);
    const first = ast.expr.items[0]!;
    expect(first.kind === 'cmp' && first.path.steps).toEqual(['hashes', 'SHA-256']);
  });

  it('parses observation operators and qualifiers', () => {
    const ast = parsePattern("([ipv4-addr:value = '1.2.3.4'] AND [url:value = 'http://a.example/']) WITHIN 300 SECONDS FOLLOWEDBY [domain-name:value = 'a.example'] REPEATS 2 TIMES");
    expect(ast.kind).toBe('followedby');
  });

  it('reads escapes and all literal kinds', () => {
    const ast = parsePattern("[file:name = 'it\\'s' AND file:size > 10 AND file:x = t'2020-01-01T00:00:00Z' AND file:y = h'00ff' AND file:z IN ('a', 'b')]");
    if (ast.kind !== 'obs' || ast.expr.kind !== 'and') throw new Error('shape');
    const c = ast.expr.items[0]!;
    expect(c.kind === 'cmp' && c.value).toEqual({ kind: 'string', value: "it's" });
  });

  it.each([
    "[ipv4-addr:value = '1.2.3.4'",
    "ipv4-addr:value = '1.2.3.4'",
    "[ipv4-addr:value '1.2.3.4']",
    "[ipv4-addr:value = 'unterminated]",
    "[ipv4-addr = '1.2.3.4']",
    "[a:b = t'yesterday']",
    "[a:b = 'x'] trailing",
  ])('rejects %s', (p) => {
    expect(() => parsePattern(p)).toThrow(PatternError);
  });
});

describe('mapPattern', () => {
  it('maps each OR branch to an attribute', () => {
    const m = mapPattern("[domain-name:value = 'www.webserver.dynssl.com' OR ipv4-addr:value = '113.10.246.30']");
    expect(m).toEqual({ values: [{ type: 'domain', value: 'www.webserver.dynssl.com' }, { type: 'ip-dst', value: '113.10.246.30' }], problems: [] });
  });

  it('normalises loose hash names (poisonivy uses file:hashes.md5)', () => {
    expect(mapPattern("[file:hashes.md5 = 'aa']").values).toEqual([{ type: 'md5', value: 'aa' }]);
    expect(mapPattern("[file:hashes.'SHA-1' = 'bb']").values).toEqual([{ type: 'sha1', value: 'bb' }]);
    expect(mapPattern("[file:hashes.SHA256 = 'cc']").values).toEqual([{ type: 'sha256', value: 'cc' }]);
  });

  it('maps AND groups only to MISP composites', () => {
    expect(mapPattern("[file:name = 'a.exe' AND file:hashes.MD5 = 'dd']").values).toEqual([{ type: 'filename|md5', value: 'a.exe|dd' }]);
    expect(mapPattern("[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value = '1.2.3.4' AND network-traffic:dst_port = 443]").values)
      .toEqual([{ type: 'ip-dst|port', value: '1.2.3.4|443' }]);
    expect(mapPattern("[domain-name:value = 'a.example' AND domain-name:resolves_to_refs[*].value = '1.2.3.4']").values)
      .toEqual([{ type: 'domain|ip', value: 'a.example|1.2.3.4' }]);
    const bad = mapPattern("[x509-certificate:issuer = 'CN=WEBMAIL' AND x509-certificate:serial_number = '4c:0b']");
    expect(bad.values).toEqual([]);
    expect(bad.problems[0]).toMatch(/no MISP equivalent/);
  });

  it('reports what it cannot map, with a reason', () => {
    expect(mapPattern("[email-message:subject MATCHES '^x']").problems).toEqual(['email-message:subject MATCHES is not an equality']);
    expect(mapPattern("[ipv4-addr:value = '1.2.3.4'] FOLLOWEDBY [ipv4-addr:value = '5.6.7.8']").problems[0]).toMatch(/FOLLOWEDBY/);
    expect(mapPattern("[ipv4-addr:value NOT = '1.2.3.4']").problems[0]).toMatch(/not an equality/);
    expect(mapPattern('not a pattern').problems[0]).toMatch(/^invalid pattern/);
  });

  it('keeps mappable OR branches and reports the others', () => {
    const m = mapPattern("[url:value = 'http://x.example/' OR email-message:subject = 'hi']");
    expect(m.values).toEqual([{ type: 'url', value: 'http://x.example/' }]);
    expect(m.problems).toHaveLength(1);
  });
});

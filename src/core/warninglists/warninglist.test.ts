import { describe, expect, it } from 'vitest';
import { parseWarninglist, pcreToRegExp, type Warninglist } from './warninglist.ts';
import { WarninglistSet } from './warninglist-set.ts';

function list(json: object): Warninglist {
  const r = parseWarninglist(json);
  if ('error' in r) throw new Error(r.error);
  return r;
}

describe('warninglists (MISP checkValue semantics)', () => {
  const set = new WarninglistSet([
    list({ name: 'strings', type: 'string', matching_attributes: ['md5', 'filename|md5'], list: ['d41d8cd98f00b204e9800998ecf8427e'] }),
    list({ name: 'subs', type: 'substring', matching_attributes: ['url'], list: ['/wp-admin/'] }),
    list({ name: 'hosts', type: 'hostname', matching_attributes: ['domain', 'hostname', 'url'], list: ['.bit.ly.', 'Example.ORG'] }),
    list({ name: 'nets', type: 'cidr', matching_attributes: ['ip-dst', 'ip-dst|port', 'domain|ip'], list: ['10.0.0.0/8', '8.8.8.8', '2001:db8::/32', 'junk'] }),
    list({ name: 're', type: 'regex', matching_attributes: ['email-src'], list: ['/^noreply@/i', '/(unclosed/'] }),
    list({ name: 'all', type: 'string', list: ['everywhere'] }),
  ]);

  it('string is exact', () => {
    expect(set.check('md5', 'd41d8cd98f00b204e9800998ecf8427e')).toEqual(['strings']);
    expect(set.check('md5', 'd41d8cd98f00b204e9800998ecf8427f')).toEqual([]);
  });

  it('checks composite values part by part', () => {
    expect(set.check('filename|md5', 'empty.txt|d41d8cd98f00b204e9800998ecf8427e')).toEqual(['strings']);
    expect(set.check('ip-dst|port', '10.1.2.3|443')).toEqual(['nets']);
    expect(set.check('domain|ip', 'x.example|8.8.8.8')).toEqual(['nets']);
  });

  it('substring is contained', () => {
    expect(set.check('url', 'http://a.example/wp-admin/x.php')).toEqual(['subs']);
  });

  it('hostname matches the host and its parents, also inside URLs, case-insensitively', () => {
    expect(set.check('domain', 'bit.ly')).toEqual(['hosts']);
    expect(set.check('hostname', 'a.b.bit.ly')).toEqual(['hosts']);
    expect(set.check('url', 'https://bit.ly/abc')).toEqual(['hosts']);
    expect(set.check('domain', 'example.org')).toEqual(['hosts']);
    expect(set.check('domain', 'notbit.ly')).toEqual([]);
  });

  it('cidr matches addresses and blocks inside listed blocks; skips unusable entries', () => {
    expect(set.check('ip-dst', '10.200.1.1')).toEqual(['nets']);
    expect(set.check('ip-src', '8.8.8.8')).toEqual(['nets']);
    expect(set.check('ip-dst', '8.8.8.9')).toEqual([]);
    expect(set.check('ip-dst', '10.1.0.0/16')).toEqual(['nets']);
    expect(set.check('ip-dst', '2001:db8::5')).toEqual(['nets']);
    expect(set.lists.find((l) => l.name === 'nets')!.skipped).toEqual([{ entry: 'junk', reason: 'not an IP address or CIDR block' }]);
  });

  it('regex uses PCRE delimiters and flags; bad patterns are skipped', () => {
    expect(set.check('email-src', 'NoReply@corp.example')).toEqual(['re']);
    expect(set.lists.find((l) => l.name === 're')!.skipped).toHaveLength(1);
    expect(pcreToRegExp('#^a.b$#s')?.flags).toBe('s');
    expect(pcreToRegExp('no-delimiters')).toBeNull();
  });

  it('lists without matching_attributes apply to every type; others only to theirs', () => {
    expect(set.check('text', 'everywhere')).toEqual(['all']);
    expect(set.check('sha1', 'd41d8cd98f00b204e9800998ecf8427e')).toEqual([]);
  });

  it('rejects documents that are not warninglists', () => {
    expect(parseWarninglist([])).toEqual({ error: 'not a JSON object' });
    expect(parseWarninglist({ list: [] })).toEqual({ error: 'missing "name"' });
    expect(parseWarninglist({ name: 'x' })).toEqual({ error: 'missing "list" array' });
    expect(parseWarninglist({ name: 'x', list: [], type: 'bogus' })).toEqual({ error: 'unknown list type "bogus"' });
  });
});

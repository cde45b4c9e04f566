import { describe, expect, it } from 'vitest';
import { scoId, stixId } from './ids.ts';

describe('deterministic SCO ids', () => {
  it('matches the STIX 2.1 specification example for ipv4-addr 198.51.100.3', () => {
    // The spec (§2.7 identifier examples) and cti-python-stix2 give this id for {"value":"198.51.100.3"}.
    expect(scoId('ipv4-addr', { type: 'ipv4-addr', value: '198.51.100.3' })).toBe('ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4');
  });

  it('uses only the preferred hash for files and ignores property order', () => {
    const a = scoId('file', { hashes: { 'SHA-256': 'x', MD5: 'm' }, name: 'n' });
    const b = scoId('file', { name: 'n', hashes: { MD5: 'm' } });
    expect(a).toBe(b);
    expect(scoId('file', { hashes: { MD5: 'other' }, name: 'n' })).not.toBe(a);
  });

  it('derives stable ids from non-UUID MISP uuids', () => {
    expect(stixId('report', '57C4445B-C548-4654-AF0B-4BE3950D210F')).toBe('report--57c4445b-c548-4654-af0b-4be3950d210f');
    expect(stixId('report', 'not-a-uuid')).toBe(stixId('report', 'not-a-uuid'));
    expect(stixId('report', 'not-a-uuid')).toMatch(/^report--[0-9a-f-]{36}$/);
  });
});

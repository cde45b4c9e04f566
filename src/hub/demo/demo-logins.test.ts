import { describe, expect, it } from 'vitest';
import { demoLoginStems } from './demo-logins.ts';

describe('demo login stems', () => {
  it('keeps first words when they are unique', () => {
    expect(demoLoginStems(['Aoba CSIRT', 'Sakura ISAC', 'Kaede CERT'])).toEqual(['aoba', 'sakura', 'kaede']);
  });
  it('uses the whole name when members share a first word', () => {
    expect(demoLoginStems(['GRID-MISP(OSINT)', 'GRID-MISP(LAB)', 'Other'])).toEqual(['grid-misp-osint', 'grid-misp-lab', 'other']);
  });
  it('numbers stems that would still collide, and names without Latin letters', () => {
    expect(demoLoginStems(['A.B', 'a b', '楓', '椿', 'member'])).toEqual(['a-b', 'a-b-2', 'member-2', 'member-3', 'member']);
  });
});

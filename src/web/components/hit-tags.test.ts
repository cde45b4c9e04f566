import { describe, expect, it } from 'vitest';
import { splitTags } from './hit-tags.tsx';

describe('splitTags', () => {
  it('keeps the strictest TLP, separates galaxy clusters and leaves other tags', () => {
    expect(splitTags(['tlp:green', 'misp-galaxy:threat-actor="APT10"', 'TLP:AMBER', 'type:OSINT', 'misp-galaxy:malware="PlugX"', 'type:OSINT', 'tlp:white'])).toEqual({
      tlp: 'amber',
      galaxies: [
        { galaxy: 'threat-actor', cluster: 'APT10' },
        { galaxy: 'malware', cluster: 'PlugX' },
      ],
      plain: ['type:OSINT'],
    });
    expect(splitTags(['tlp:white'])).toEqual({ tlp: 'clear', galaxies: [], plain: [] });
    expect(splitTags([])).toEqual({ tlp: null, galaxies: [], plain: [] });
  });
});

import { describe, expect, it } from 'vitest';
import type { StoredAttribute, StoredEvent } from '../../storage/port.ts';
import { nidsRules } from './nids-rules.ts';

const event: StoredEvent = {
  id: 7, uuid: 'e', info: 'i', date: '2024-01-01', threatLevel: 1, analysis: 0, published: true, publishTimestamp: 1, timestamp: 1,
  distribution: 1, sharingGroupId: null, orgId: 1, orgcId: 1, tags: [{ name: 'tlp:green' }], tlp: 'green',
};
const attr = (id: number, type: string, value: string): { attribute: StoredAttribute; event: StoredEvent } => ({
  event,
  attribute: {
    id, uuid: `a${id}`, eventId: 7, objectId: null, objectRelation: null, type, category: 'Network activity', value, toIds: true, comment: '',
    firstSeen: null, lastSeen: null, timestamp: 1, distribution: 5, sharingGroupId: null, deleted: false, disableCorrelation: false, tags: [],
  },
});
const rules = (format: 'snort' | 'suricata', rows: ReturnType<typeof attr>[]) => nidsRules(format, rows, 'https://node.example').split('\n').filter((l) => l.startsWith('alert'));
const TAIL = (sid: number) => `classtype:trojan-activity; sid:${sid}; rev:1; priority:1; reference:url,https://node.example/events/view/7;)`;

describe('NIDS rules (MISP suricata/snort exports)', () => {
  it('ip|port, ip-src and hostname rules for snort, sids from the attribute id', () => {
    expect(rules('snort', [attr(3, 'ip-dst|port', '198.51.100.7|8443'), attr(4, 'ip-src', '203.0.113.9'), attr(5, 'hostname', 'c2.evil.example')])).toEqual([
      `alert ip $HOME_NET any -> 198.51.100.7 8443 (msg: "MISP e7 [tlp:green] Outgoing To IP: 198.51.100.7|8443"; ${TAIL(4000031)}`,
      `alert ip 203.0.113.9 any -> $HOME_NET any (msg: "MISP e7 [tlp:green] Incoming From IP: 203.0.113.9"; ${TAIL(4000041)}`,
      `alert udp any any -> any 53 (msg: "MISP e7 [tlp:green] Hostname: c2.evil.example"; content:"|01 00 00 01 00 00 00 00 00 01|"; depth:10; offset:2; content:"|01||02|c2|04|evil|07|example|00|"; fast_pattern; nocase; ${TAIL(4000051)}`,
      `alert tcp any any -> any 53 (msg: "MISP e7 [tlp:green] Hostname: c2.evil.example"; content:"|01 00 00 01 00 00 00 00 00 01|"; depth:10; offset:2; content:"|01||02|c2|04|evil|07|example|00|"; fast_pattern; nocase; flow:established; ${TAIL(4000052)}`,
      `alert tcp $HOME_NET any -> $EXTERNAL_NET $HTTP_PORTS (msg: "MISP e7 [tlp:green] Outgoing HTTP Hostname: c2.evil.example"; flow:to_server,established; content:"Host|3a|"; nocase; http_header; content:"c2.evil.example"; fast_pattern; nocase; http_header; pcre: "/(^|[^A-Za-z0-9-\\.])c2\\.evil\\.example[^A-Za-z0-9-\\.]/H"; tag:session,600,seconds; ${TAIL(4000053)}`,
    ]);
  });

  it('suricata URL rule splits host and path; content escapes ; and "; types without a rule are skipped', () => {
    expect(rules('suricata', [attr(9, 'url', 'http://evil.example/a;b"c'), attr(10, 'md5', 'd'.repeat(32))])).toEqual([
      `alert http $HOME_NET any -> $EXTERNAL_NET any (msg: "MISP e7 [tlp:green] Outgoing URL http://evil.example/a\\;b\\"c"; flow:to_server,established; http.header; content:"evil.example"; fast_pattern; nocase; http.uri; content:"/a|3b|b|22|c"; nocase; tag:session,600,seconds; ${TAIL(4000091)}`,
    ]);
  });

  it('a snort attribute keeps its rule, with this export sid, rev, msg and reference', () => {
    expect(rules('snort', [attr(2, 'snort', 'alert tcp any any -> any 80 (msg:"Evil"; content:"x"; sid:1; rev:5;)')])).toEqual([
      'alert tcp any any -> any 80 (msg: "MISP e7 [tlp:green] snort-rule | Evil"; content:"x"; sid:4000021; rev:1; reference:url,https://node.example/events/view/7;)',
    ]);
  });
});

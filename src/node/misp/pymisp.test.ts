/**
 * The unmodified PyMISP (v2.5.34.1, ../shared/clients/python) drives a real node on loopback through
 * Debian's Python, the way SOC scripts do. Each call's result is checked as PyMISP parsed it
 * (`pythonify=True` objects where PyMISP offers them); every outcome is printed for the closing note.
 * Never skipped: a missing client or Debian package fails with the reason (scripts/test-env.sh installs them).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../../testkit/node-harness.ts';

const PYTHON = process.env.RENKEI_PYTHON ?? '/usr/bin/python3';
const CLIENTS = path.resolve(process.cwd(), '../shared/clients/python');
const DRIVER = fileURLToPath(new URL('./pymisp-driver.py', import.meta.url));

const REF = 'reference:url,NODE/events/view/1;';
const MSG = 'MISP e1 [tlp:green,internal:triage]';
const SURICATA = [
  `alert ip $HOME_NET any -> 45.83.64.11 any (msg: "${MSG} Outgoing To IP: 45.83.64.11"; classtype:trojan-activity; sid:4000011; rev:1; priority:2; ${REF})`,
  `alert dns any any -> any any (msg: "${MSG} Domain pymisp-driver.example.com"; dns.query; content:"pymisp-driver.example.com"; nocase; pcre: "/(^|[^A-Za-z0-9-])pymisp\\-driver\\.example\\.com$/i"; classtype:trojan-activity; sid:4000021; rev:1; priority:2; ${REF})`,
  `alert http $HOME_NET any -> $EXTERNAL_NET any (msg: "${MSG} Outgoing HTTP Domain pymisp-driver.example.com"; flow:to_server,established; http.header; content:"Host|3a| "; nocase; http.header; content:"pymisp-driver.example.com"; fast_pattern; nocase; pcre: "/(^|[^A-Za-z0-9-])pymisp\\-driver\\.example\\.com[^A-Za-z0-9-\\.]/Hi"; tag:session,600,seconds; classtype:trojan-activity; sid:4000022; rev:1; priority:2; ${REF})`,
];
const SNORT = [SURICATA[0]];

type Outcome = { ok: true; value: unknown } | { ok: false; error: string };

function drive(url: string, admin: string, reader: string, partner: string): Promise<Record<string, Outcome>> {
  return new Promise((resolve, reject) => {
    execFile(PYTHON, [DRIVER, url, admin, reader, partner], { env: { ...process.env, PYTHONPATH: CLIENTS }, maxBuffer: 16 << 20 }, (err, out, errOut) =>
      err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(JSON.parse(out) as Record<string, Outcome>),
    );
  });
}

for (const db of ['sqlite', 'postgres'] as const) {
  describe(`PyMISP against a node (${db})`, () => {
    let t: TestNode;
    let r: Record<string, Outcome>;
    beforeAll(async () => {
      t = await startTestNode({ db, orgName: 'PyMISP Org' });
      // A partner in a shared group, and a group (and organisation) the reader's organisation is not in.
      await t.store.ensureOrg({ name: 'Partner Org' });
      const other = await t.store.ensureOrg({ name: 'Other Org' });
      await t.store.upsertSharingGroup({ uuid: '5c1b2a9e-7d4f-4e0b-9a51-0f3c2d1e4a01', name: 'PyMISP partners', orgs: [{ name: 'PyMISP Org' }, { name: 'Partner Org' }] }, t.ownerOrg.id);
      await t.store.upsertSharingGroup({ uuid: '5c1b2a9e-7d4f-4e0b-9a51-0f3c2d1e4a02', name: 'Other circle', orgs: [{ name: 'Other Org' }] }, other.id);
      r = await drive(t.url, await t.createKey('PyMISP Org', 'admin'), await t.createKey('PyMISP Org', 'reader'), await t.createKey('Partner Org', 'publisher'));
      const table = Object.entries(r).map(([k, v]) => `${v.ok ? 'ok  ' : 'FAIL'} ${k}: ${v.ok ? JSON.stringify(v.value).slice(0, 160) : v.error}`);
      process.stdout.write(`PyMISP outcomes (${db}):\n${table.join('\n')}\n`);
    }, 180_000);
    afterAll(async () => t?.close());

    const ok = (name: string): unknown => {
      const o = r[name];
      expect(o, name).toBeDefined();
      if (!o!.ok) throw new Error(`${name} failed: ${o!.error}`);
      return o!.value;
    };

    it('connects: getVersion, the recommended PyMISP version, describeTypes', () => {
      expect(ok('get_version')).toEqual(expect.arrayContaining(['version', 'perm_sync', 'perm_sighting']));
      expect(ok('recommended_pymisp_version')).toMatch(/^\d+\.\d+\.\d+/);
      expect(ok('describe_types_remote')).toEqual(['categories', 'category_type_mappings', 'sane_defaults', 'types']);
    });

    it('add_event returns a MISPEvent with its attributes and tag', () => {
      expect(ok('add_event')).toEqual({
        info: 'PyMISP driver event', uuid_len: 36, class: 'MISPEvent', tags: ['tlp:green'],
        attributes: ['domain=pymisp-driver.example.com', 'ip-dst=45.83.64.11', 'md5=0123456789abcdef0123456789abcdef'],
      });
    });

    it('update_event, add/update/delete_attribute and delete_event as PyMISP parses them', () => {
      expect(ok('update_event')).toEqual({ class: 'MISPEvent', info: 'PyMISP driver event (updated)' });
      expect(ok('add_attribute')).toEqual({ class: 'MISPAttribute', type: 'url', value: 'http://pymisp-driver.example.com/gate.php' });
      expect(ok('update_attribute')).toEqual({ class: 'MISPAttribute', comment: 'updated by PyMISP' });
      expect(ok('delete_attribute')).toBe(true);
      expect(ok('delete_event')).toBe(true);
    });

    it('get_attribute and attribute_exists', () => {
      expect(ok('get_attribute')).toEqual({ class: 'MISPAttribute', value: 'http://pymisp-driver.example.com/gate.php', uuid: true });
      expect(ok('attribute_exists')).toEqual([true, false]);
    });

    it('tag/untag on attributes and events (local tags shown to the owner), refused to a reader', () => {
      expect(ok('tag(attribute)')).toEqual([true, ['tlp:amber']]);
      expect(ok('untag(attribute)')).toEqual([true, []]);
      expect(r['tag(attribute) by a reader']).toMatchObject({ ok: false, error: expect.stringContaining('403') });
      expect(ok('tag(event)')).toEqual([true, true, ['campaign:pymisp', 'internal:triage (local)', 'tlp:green']]);
      expect(ok('untag(event)')).toEqual([true, ['internal:triage (local)', 'tlp:green']]);
    });

    it('add_object/get_object/object_exists/delete_object and objects restSearch as PyMISP parses them', () => {
      expect(ok('add_object')).toEqual({
        class: 'MISPObject', name: 'domain-ip', comment: 'resolution seen in the sandbox', uuid: true, event_id: true,
        attributes: ['domain:domain=obj.pymisp-driver.example.com', 'ip:ip-dst=45.83.64.12'],
      });
      expect(ok('get_object(id)')).toEqual({ class: 'MISPObject', name: 'domain-ip', uuid: true, attributes: 2 });
      expect(ok('get_object(uuid) as a reader')).toEqual({ class: 'MISPObject', id: true });
      expect(ok('object_exists')).toEqual([true, false]);
      expect(ok('get_event(id) holds the object')).toEqual([['domain-ip', 2]]);
      // An attribute search finds the object's attribute with its object reference.
      expect(ok('search(attributes, value of an object attribute)')).toEqual([['45.83.64.12', true, 'ip']]);
      expect(ok('search(objects, value, pythonify)')).toEqual([['MISPObject', 'domain-ip', true, ['45.83.64.12', 'obj.pymisp-driver.example.com']]]);
      expect(ok('search(objects, object_name)')).toEqual(['domain-ip']);
      expect(ok('search(objects, type=md5)')).toEqual([]);
      expect(r['add_object by another organisation']).toMatchObject({ ok: false, error: expect.stringMatching(/409.*belongs to another organisation/) });
      expect(ok('update_object')).toEqual({
        class: 'MISPObject', comment: 'resolution confirmed', uuid: true,
        attributes: ['domain:domain=obj.pymisp-driver.example.com', 'ip:ip-dst=45.83.64.13', 'text:text=seen twice'],
      });
      expect(ok('update_object(attribute left out is deleted)')).toEqual(['domain', 'ip']);
      expect(r['update_object by another organisation']).toMatchObject({ ok: false, error: expect.stringMatching(/409.*belongs to another organisation/) });
      expect(r['delete_object by a reader']).toMatchObject({ ok: false, error: expect.stringContaining('403') });
      expect(r['delete_object(hard)']).toMatchObject({ ok: false, error: expect.stringMatching(/400.*hard deletion/) });
      expect(ok('delete_object')).toBe('Object deleted');
      expect(r['get_object after delete_object']).toMatchObject({ ok: false, error: expect.stringContaining('404') });
      expect(ok('search(objects) after delete_object')).toEqual([]);
    });

    it('publish sets published and publish_timestamp, keeping the tags; unpublish clears it; alert is a 400', () => {
      expect(ok('publish')).toEqual({ before: false, success: true, published: true, publish_timestamp: true, tags: ['internal:triage', 'tlp:green'] });
      expect(ok('unpublish')).toEqual({ message: 'Event unpublished.', unpublished: true, published_again: true });
      expect(r['publish(alert=True)']).toMatchObject({ ok: false, error: expect.stringMatching(/400.*events\/alert is not offered: a node sends no e-mail alerts/) });
    });

    it('organisations() and sharing_groups(): a node admin sees all, a reader only what names its organisation', () => {
      expect(ok('organisations()')).toEqual(['PyMISP Org local=True']);
      expect(ok('organisations(scope=all)')).toEqual(['Other Org', 'Partner Org', 'PyMISP Org']);
      expect(ok('organisations(scope=all) as a reader')).toEqual(['Partner Org', 'PyMISP Org']);
      expect(ok('sharing_groups()')).toEqual(['Other circle: Other Org', 'PyMISP partners: Partner Org,PyMISP Org']);
      expect(ok('sharing_groups() as a reader')).toEqual(['PyMISP partners']);
    });

    it('tags(): what the caller may see with counts; another organisation never gets the local tag', () => {
      expect(ok('tags()')).toEqual([['internal:triage', 1, 0, true], ['tlp:green', 1, 0, false]]);
      expect(ok('tags() as another organisation')).toEqual(['tlp:green']);
    });

    it('publish and tag by another organisation are refused (only the owner or a node admin writes)', () => {
      expect(r['tag(event) by another organisation']).toMatchObject({ ok: false, error: expect.stringContaining('409') });
      expect(r['publish by another organisation']).toMatchObject({ ok: false, error: expect.stringContaining('409') });
    });

    it('get_event by id and uuid, event_exists', () => {
      expect(ok('get_event(id)')).toEqual({ class: 'MISPEvent', info: 'PyMISP driver event', attributes: 3 });
      expect(ok('get_event(uuid)')).toEqual({ class: 'MISPEvent', uuid: true });
      expect(ok('event_exists')).toEqual([true, true, false]);
    });

    it('restSearch over attributes: value, value list, type, to_ids, pythonified', () => {
      expect(ok('search(attributes, value)')).toEqual(['ip-dst=45.83.64.11']);
      expect(ok('search(attributes, value list)')).toEqual(['45.83.64.11', 'pymisp-driver.example.com']);
      expect(ok('search(attributes, type)')).toEqual(['0123456789abcdef0123456789abcdef']);
      expect(ok('search(attributes, to_ids)')).toEqual(['45.83.64.11']);
    });

    it('restSearch over events and the event index, pythonified', () => {
      expect(ok('search(events, value)')).toEqual([expect.stringMatching(/^PyMISP driver event/)]);
      expect(ok('events(pythonify)')).toEqual(['PyMISP driver event (updated)', 'PyMISP older event']);
    });

    it('search_index with eventinfo (substring, NOT) and sort + desc, pythonified', () => {
      expect(ok('add_event(older, no attributes)')).toBe('PyMISP older event');
      expect(ok('search_index(eventinfo)')).toEqual(['PyMISP driver event (updated)']);
      expect(ok('search_index(eventinfo, NOT)')).toEqual(['PyMISP older event']);
      expect(ok('search_index(sort, desc)')).toEqual(['PyMISP driver event (updated)', 'PyMISP older event']);
      expect(ok('search_index(sort)')).toEqual(['PyMISP older event', 'PyMISP driver event (updated)']);
      expect(ok('search_index(sort=attribute_count)')).toEqual([['PyMISP older event', '0'], ['PyMISP driver event (updated)', '5']]);
      expect(ok('search_index(sort=attribute_count, desc)')).toEqual([['PyMISP driver event (updated)', '5'], ['PyMISP older event', '0']]);
      // Both events are the same creator's: the id breaks the tie, in the asked direction.
      expect(ok('search_index(sort=org, desc)')).toEqual([['PyMISP older event', 'PyMISP Org'], ['PyMISP driver event (updated)', 'PyMISP Org']]);
    });

    it('search_index as MISP filters the index: eventinfo pieces, attribute, analysis, threat level, proposals, org', () => {
      expect(ok('search_index(eventinfo a|b)')).toEqual(['PyMISP driver event (updated)', 'PyMISP older event']);
      expect(ok('search_index(eventinfo with %)')).toEqual(['PyMISP driver event (updated)', 'PyMISP older event']);
      expect(ok('search_index(attribute)')).toEqual(['PyMISP driver event (updated)']);
      expect(ok('search_index(attribute, NOT)')).toEqual(['PyMISP older event']);
      expect(ok('search_index(analysis)')).toEqual([['PyMISP older event'], ['PyMISP driver event (updated)'], []]);
      expect(ok('search_index(threatlevel)')).toEqual(['PyMISP driver event (updated)']);
      // No proposals exist on a node: "with proposals" is none, "without" is every event.
      expect(ok('search_index(hasproposal)')).toEqual([0, 2]);
      expect(r['search_index(all)']).toMatchObject({ ok: false, error: expect.stringMatching(/400.*quick filter .{0,4}all.{0,4} is not offered/) });
      expect(ok('add_event by another organisation')).toBe('Partner Org event');
      expect(ok('search_index(org)')).toEqual([['Partner Org event'], ['PyMISP driver event (updated)', 'PyMISP older event'], []]);
      expect(ok('search_index(org by id)')).toEqual(['PyMISP driver event (updated)', 'PyMISP older event']);
    });

    it('users() lists keys as users for a node admin only; feeds() is an empty list', () => {
      expect(ok('users()')).toEqual(['MISPUser org=1 role=1 disabled=False', 'MISPUser org=1 role=6 disabled=False', 'MISPUser org=2 role=4 disabled=False']);
      expect(ok('users(organisation)')).toEqual(['partner-org.renkei']);
      expect(r['users() as a reader']).toMatchObject({ ok: false, error: expect.stringContaining('403') });
      expect(ok('feeds()')).toEqual([]);
    });

    it('% patterns with MISP semantics: only a leading/trailing % is a LIKE, _ is one character, NOT patterns', () => {
      expect(ok('search(attributes, %wildcard)')).toEqual(['obj.pymisp-driver.example.com', 'pymisp-driver.example.com']);
      expect(ok('search(attributes, trailing %)')).toEqual(['45.83.64.11', '45.83.64.13']);
      expect(ok('search(attributes, leading % and _)')).toEqual(['obj.pymisp-driver.example.com', 'pymisp-driver.example.com']);
      expect(ok('search(attributes, % inside is literal)')).toEqual([]);
      expect(ok('search(attributes, %pattern with a NOT pattern)')).toEqual(['pymisp-driver.example.com']);
      expect(ok('search(attributes, exact value with a NOT pattern)')).toEqual(['45.83.64.11']);
      expect(ok('search(events, %pattern)')).toEqual(['PyMISP driver event (updated)']);
    });

    it('% patterns on type, category and tags (tags: LIKE anywhere), NOT category, org', () => {
      expect(ok('search(attributes, type pattern)')).toEqual(['45.83.64.11', '45.83.64.13']);
      expect(ok('search(attributes, category pattern)')).toEqual(['Payload delivery:0123456789abcdef0123456789abcdef']);
      expect(ok('search(attributes, NOT category)')).toEqual(['0123456789abcdef0123456789abcdef']);
      expect(ok('search(attributes, tag pattern)')).toBe(5);
      expect(ok('search(attributes, NOT tag pattern)')).toEqual([]);
      expect(ok('search(events, tag pattern)')).toEqual(['PyMISP driver event (updated)']);
      expect(ok('search(attributes, org)')).toEqual(['45.83.64.11', '45.83.64.13']);
    });

    it('include_context puts the event metadata, tags and creator on each attribute', () => {
      expect(ok('search(attributes, include_context)')).toEqual([['45.83.64.11', 'PyMISP driver event (updated)', 'PyMISP Org', ['internal:triage', 'tlp:green'], 2]]);
    });

    it('suricata and snort rules for IDS attributes', () => {
      expect(ok('search(return_format=suricata)')).toEqual(SURICATA);
      expect(ok('search(return_format=snort)')).toEqual(SNORT);
    });

    it('return formats csv and text', () => {
      expect(ok('search(return_format=csv)')).toMatch(/^uuid,event_id,category,type,value/);
      expect(ok('search(return_format=text)')).toBe('45.83.64.11');
    });

    it('sightings by attribute uuid and by value, pythonified', () => {
      expect(ok('add_sighting(uuid of an add_event attribute)')).toEqual({ class: 'MISPSighting', attribute_id: true });
      expect(ok('add_sighting(value)')).toBe('MISPSighting');
    });

    it('search_sightings by attribute (id, uuid), by event and type, and over everything visible', () => {
      expect(ok('search_sightings')).toEqual([[true, '0', 'http://pymisp-driver.example.com/gate.php']]);
      expect(ok('search_sightings(include_attribute, include_event_meta, pythonify)')).toEqual([['MISPSighting', 'http://pymisp-driver.example.com/gate.php', 'PyMISP driver event (updated)']]);
      expect(ok('search_sightings(event, type=false positive)')).toEqual([]);
      expect(ok('search_sightings(all, last=1d)')).toEqual(['45.83.64.11', 'http://pymisp-driver.example.com/gate.php', 'pymisp-driver.example.com']);
    });

    it('CIDR values as MISP matches them; tags; limit/page; stix2', () => {
      // MISP compares a searched CIDR literally: no stored attribute holds 45.83.64.0/24, so nothing hits.
      expect(ok('search(attributes, CIDR)')).toEqual([]);
      expect(ok('search(attributes, tags)')).toBe(5);
      expect(ok('search(attributes, limit/page)')).toBe(2);
      expect(ok('search(return_format=stix2)')).toBe('bundle');
    });
  });
}

/**
 * The write-authorisation matrix (issue 20 §1): actor org × role × target owned by {self, other org, nobody}
 * × path (events/add, events/edit, attributes/add|edit|delete, objects/add|edit|delete, events/publish|unpublish, tags/attach|remove, TAXII POST/DELETE, import) → allowed or
 * refused, over real HTTP on SQLite and PostgreSQL. Every refusal leaves the target exactly as it was, and
 * an allowed node-admin write on another org's data keeps that org as the owner.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v4 as uuidv4 } from 'uuid';
import { startTestNode, type TestNode } from '../testkit/node-harness.ts';
import { runImport } from '../importers/run-import.ts';
import type { NodeRole } from './principal.ts';
import { collectionId } from './taxii/defaults.ts';
import { TAXII_MEDIA } from './taxii/media.ts';
import type { ObjectInput } from '../core/model/event.ts';
import { attr, call, event } from './test-support.ts';

const ROLES: readonly NodeRole[] = ['admin', 'publisher', 'reader', 'search'];
const ORGS = ['Org A', 'Org B'] as const;
const TARGETS = ['self', 'other', 'nobody'] as const;
const PATHS = [
  'events/add', 'events/edit', 'attributes/add', 'attributes/edit', 'attributes/delete', 'objects/add', 'objects/edit', 'objects/delete',
  'events/publish', 'events/unpublish', 'tags/attach', 'tags/remove', 'taxii/post', 'taxii/delete', 'import',
] as const;
type Target = (typeof TARGETS)[number];
type Path = (typeof PATHS)[number];

/** The expected HTTP status (import: 200 stands for "saved", 409 for "rejected"), from the rules, not the code. */
function expected(p: Path, role: NodeRole, target: Target): number {
  const writer = role === 'admin' || role === 'publisher';
  if (p !== 'import' && !writer) return p === 'taxii/delete' && role === 'search' ? 404 : 403;
  const ok = p === 'taxii/post' ? 202 : 200;
  if (target === 'nobody') return p === 'events/add' || p === 'taxii/post' || p === 'import' ? ok : 404;
  if (p === 'events/add') return 409; // the uuid exists, whoever owns it
  if (target === 'self') return ok;
  return role === 'admin' && p !== 'import' ? ok : 409;
}

for (const db of ['sqlite', 'postgres'] as const) {
  describe(`write-authorisation matrix (${db})`, () => {
    let t: TestNode;
    let dir: string;
    const keys: Record<string, Record<string, string>> = {};
    const orgIds: Record<string, number> = {};
    const submissions = `/taxii2/default/collections/${collectionId('default', 'submissions')}/objects/`;
    let n = 0;

    beforeAll(async () => {
      t = await startTestNode({ db, orgName: 'Org A' });
      dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-wm-'));
      for (const org of ORGS) {
        keys[org] = {};
        for (const role of ROLES) keys[org]![role] = await t.createKey(org, role);
        orgIds[org] = (await t.store.getOrg(org))!.id;
      }
    });
    afterAll(async () => {
      await t?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const taxii = (method: string, p: string, key: string, body?: unknown) =>
      call(`${t.url}${p}`, key, method, body, { accept: TAXII_MEDIA, ...(body !== undefined ? { 'content-type': TAXII_MEDIA } : {}) });

    /** A TAXII object posted into submissions by `owner` (the DELETE target). */
    const postedObject = async (owner: string): Promise<string> => {
      const id = `indicator--${uuidv4()}`;
      const ind = { type: 'indicator', spec_version: '2.1', id, created: '2024-01-01T00:00:00.000Z', modified: '2024-01-01T00:00:00.000Z', pattern: `[domain-name:value = 'posted-${n++}.example']`, pattern_type: 'stix', valid_from: '2024-01-01T00:00:00Z' };
      const r = await taxii('POST', submissions, keys[owner]!.publisher!, { objects: [ind] });
      expect(r.status).toBe(202);
      return id;
    };

    /** What a refusal must leave unchanged: the target event as its owner sees it (deleted rows too). */
    const snapshotEvent = async (uuid: string, ownerId: number) => t.store.getEvent(uuid, { orgId: ownerId, sharingGroupIds: [] }, { includeDeleted: true });
    const snapshotObject = async (id: string, ownerKey: string) => (await taxii('GET', `${submissions}${id}/?match[version]=all`, ownerKey)).json;

    /** Runs one cell and returns the status and whether the target stayed untouched. */
    async function run(p: Path, actorOrg: string, role: NodeRole, target: Target): Promise<{ status: number; untouched: boolean; ownerKept: boolean }> {
      const key = keys[actorOrg]![role]!;
      const otherOrg = ORGS.find((o) => o !== actorOrg)!;
      const ownerOrg = target === 'self' ? actorOrg : otherOrg;
      const ownerId = orgIds[ownerOrg]!;
      if (p === 'taxii/delete') {
        const id = target === 'nobody' ? `indicator--${uuidv4()}` : await postedObject(ownerOrg);
        const before = target === 'nobody' ? null : await snapshotObject(id, keys[ownerOrg]!.admin!);
        const r = await taxii('DELETE', `${submissions}${id}/`, key);
        const after = target === 'nobody' ? null : await snapshotObject(id, keys[ownerOrg]!.admin!);
        return { status: r.status, untouched: JSON.stringify(before) === JSON.stringify(after), ownerKept: true };
      }
      const a = attr('domain', `target-${n++}.example`);
      // Every target event holds one object (the objects/edit and objects/delete target).
      const objectUuid = uuidv4();
      const object: ObjectInput = {
        uuid: objectUuid, name: 'domain-ip', metaCategory: 'network', description: '', templateUuid: null, templateVersion: null, comment: '',
        distribution: 5, sharingGroupUuid: null, timestamp: 1_700_000_000, deleted: false, firstSeen: null, lastSeen: null, references: [],
        attributes: [attr('ip-dst', `198.51.100.${n % 250}`, { objectRelation: 'ip' })],
      };
      const ev = event(`target ${n}`, [a], { tlp: 'green', orgc: { name: ownerOrg }, objects: [object] });
      if (target !== 'nobody') await t.store.saveEvents([ev], ownerId);
      const before = target === 'nobody' ? null : await snapshotEvent(ev.uuid, ownerId);
      const countsBefore = await t.store.counts();
      let status: number;
      switch (p) {
        case 'events/add':
          status = (await call(`${t.url}/events/add`, key, 'POST', { Event: { uuid: ev.uuid, info: 'mine now', distribution: 3, Attribute: [{ type: 'domain', value: 'x.example' }] } })).status;
          break;
        case 'events/edit':
          status = (await call(`${t.url}/events/edit/${ev.uuid}`, key, 'POST', { Event: { info: 'edited', distribution: 3 } })).status;
          break;
        case 'attributes/add':
          status = (await call(`${t.url}/attributes/add/${ev.uuid}`, key, 'POST', { type: 'domain', value: `added-${n++}.example` })).status;
          break;
        case 'attributes/edit':
          status = (await call(`${t.url}/attributes/edit/${a.uuid}`, key, 'POST', { comment: 'edited', value: `edited-${n++}.example` })).status;
          break;
        case 'attributes/delete':
          status = (await call(`${t.url}/attributes/delete/${a.uuid}`, key, 'POST', {})).status;
          break;
        case 'objects/add':
          status = (await call(`${t.url}/objects/add/${ev.uuid}`, key, 'POST', { Object: { name: 'domain-ip', Attribute: [{ type: 'domain', object_relation: 'domain', value: `obj-${n++}.example` }] } })).status;
          break;
        case 'objects/edit':
          status = (await call(`${t.url}/objects/edit/${objectUuid}`, key, 'POST', { Object: { comment: 'edited', Attribute: [{ type: 'ip-dst', object_relation: 'ip', value: '198.51.100.254' }] } })).status;
          break;
        case 'objects/delete':
          status = (await call(`${t.url}/objects/delete/${objectUuid}`, key, 'POST', {})).status;
          break;
        case 'events/publish':
          status = (await call(`${t.url}/events/publish/${ev.uuid}`, key, 'POST', {})).status;
          break;
        case 'events/unpublish':
          status = (await call(`${t.url}/events/unpublish/${ev.uuid}`, key, 'POST', {})).status;
          break;
        case 'tags/attach':
          status = (await call(`${t.url}/tags/attachTagToObject`, key, 'POST', { uuid: a.uuid, tag: 'campaign:matrix', local: n % 2 === 0 })).status;
          break;
        case 'tags/remove':
          status = (await call(`${t.url}/tags/removeTagFromObject`, key, 'POST', { uuid: ev.uuid, tag: 'tlp:green' })).status;
          break;
        case 'taxii/post': {
          const ind = `indicator--${a.uuid}`;
          const report = { type: 'report', spec_version: '2.1', id: `report--${ev.uuid}`, created: '2024-01-01T00:00:00.000Z', modified: '2025-01-01T00:00:00.000Z', name: 'takeover', published: '2025-01-01T00:00:00Z', object_refs: [ind] };
          const indicator = { type: 'indicator', spec_version: '2.1', id: ind, created: '2024-01-01T00:00:00.000Z', modified: '2025-01-01T00:00:00.000Z', pattern: `[domain-name:value = 'posted-${n++}.example']`, pattern_type: 'stix', valid_from: '2024-01-01T00:00:00Z' };
          status = (await taxii('POST', submissions, key, { objects: [report, indicator] })).status;
          break;
        }
        case 'import': {
          const file = path.join(dir, `e${n++}.json`);
          writeFileSync(file, JSON.stringify({ Event: { uuid: ev.uuid, info: 'imported', date: '2024-05-01', distribution: 3, Attribute: [{ type: 'domain', value: `imported-${n}.example` }] } }));
          const s = await runImport(t.store, [file], { org: { name: actorOrg } });
          status = s.rejected > 0 ? 409 : 200;
          break;
        }
      }
      if (target === 'nobody') return { status, untouched: status >= 400 ? JSON.stringify(await t.store.counts()) === JSON.stringify(countsBefore) : true, ownerKept: true };
      const after = await snapshotEvent(ev.uuid, ownerId);
      return { status, untouched: JSON.stringify(before) === JSON.stringify(after), ownerKept: after !== null && after.event.orgId === ownerId && after.event.orgcId === before!.event.orgcId };
    }

    for (const p of PATHS) {
      it(`${p}: every actor org × role × target gets the allowed/refused answer, refusals change nothing`, async () => {
        const got: string[] = [];
        const want: string[] = [];
        for (const org of ORGS) {
          for (const role of p === 'import' ? (['publisher'] as NodeRole[]) : ROLES) {
            for (const target of TARGETS) {
              const r = await run(p, org, role, target);
              const e = expected(p, role, target);
              got.push(`${org}/${role}/${target}: ${r.status}${r.status >= 400 && !r.untouched ? ' CHANGED' : ''}${!r.ownerKept ? ' RE-OWNED' : ''}`);
              want.push(`${org}/${role}/${target}: ${e}`);
            }
          }
        }
        expect(got).toEqual(want);
      });
    }

    it('refusals carry the stable code ownership_conflict with a reason', async () => {
      const ev = event('A red', [attr('domain', `red-${n++}.example`)], { tlp: 'red', distribution: 0 });
      await t.store.saveEvents([ev], orgIds['Org A']!);
      const r = await call(`${t.url}/attributes/add/${ev.uuid}`, keys['Org B']!.publisher!, 'POST', { type: 'domain', value: 'x.example' });
      expect(r.status).toBe(404); // invisible to B: not even disclosed
      const green = event('A green', [attr('domain', `green-${n++}.example`)], { tlp: 'green' });
      await t.store.saveEvents([green], orgIds['Org A']!);
      const e = await call(`${t.url}/events/edit/${green.uuid}`, keys['Org B']!.publisher!, 'POST', { Event: { info: 'x' } });
      expect(e.json).toMatchObject({ code: 'ownership_conflict', errors: { reason: 'event_of_other_org', uuid: green.uuid } });
      const ind = { type: 'indicator', spec_version: '2.1', id: `indicator--${uuidv4()}`, created: '2024-01-01T00:00:00.000Z', modified: '2025-01-01T00:00:00.000Z', pattern: "[domain-name:value = 'takeover.example']", pattern_type: 'stix', valid_from: '2024-01-01T00:00:00Z' };
      const report = { type: 'report', spec_version: '2.1', id: `report--${ev.uuid}`, created: '2024-01-01T00:00:00.000Z', modified: '2025-01-01T00:00:00.000Z', name: 'x', published: '2025-01-01T00:00:00Z', object_refs: [ind.id] };
      const tx = await taxii('POST', submissions, keys['Org B']!.publisher!, { objects: [report, ind] });
      expect(tx.status).toBe(409);
      expect(tx.json).toMatchObject({ error_code: 'ownership_conflict', http_status: '409', details: { reason: 'event_of_other_org' } });
      const full = await t.store.getEvent(ev.uuid, { orgId: orgIds['Org A']!, sharingGroupIds: [] });
      expect(full!.event).toMatchObject({ orgId: orgIds['Org A'], distribution: 0, tlp: 'red' });
    });
  });
}

/** Bad input at the node's blind endpoints: clear 4xx errors with reasons, never a 500; nothing charged or logged. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeBytes } from '../../contracts/blind/bytes.ts';
import { encodeSealed } from '../../contracts/blind/context.ts';
import { valuesDigest } from '../../core/blind/assertion.ts';
import { nodeIdForKey } from '../../core/blind/plain-request.ts';
import { seal } from '../../core/blind/seal.ts';
import { contextAad } from '../../core/blind/searcher.ts';
import { epochAt } from '../../core/blind/epoch.ts';
import { loadSodiumGroup } from '../../core/blind/group-sodium.ts';
import { inputBytes } from '../../core/blind/token-input.ts';
import { createVoprf } from '../../core/blind/voprf.ts';
import { SETS_LABEL } from '../../hub/blind/node-relay.ts';
import { enrolHub, type EnrolledHub } from '../../testkit/hub-enrolment.ts';
import { startTestNode, type TestNode } from '../../testkit/node-harness.ts';
import { attr, call, event } from '../test-support.ts';

describe('blind endpoints refuse bad input clearly', () => {
  let t: TestNode;
  let hub: EnrolledHub;
  let unpinned: string;
  let reader: string;
  const a = (digest: string) => hub.signer.sign({ searchId: 'bad', searcherOrg: 'u', searcherName: 'Searcher', node: nodeIdForKey(hub.key), valuesDigest: digest });
  const post = (p: string, body: unknown, key = hub.key) => call(`${t.url}/federation/v1/blind/${p}`, key, 'POST', body);
  const reason = (r: { status: number; json: any }) => [r.status, r.json?.error?.details?.reason ?? r.json?.error?.code];

  beforeAll(async () => {
    t = await startTestNode({ orgName: 'Owner', config: { blindMinSetSize: 16, blindRefreshSeconds: 0, blindBatchCap: 8 } });
    hub = await enrolHub(t);
    unpinned = await t.createKey('other-hub', 'search');
    reader = await t.createKey('Owner', 'reader');
    await t.store.saveEvents([event('x', [attr('domain', 'bad-input.example.com')], { tlp: 'green' })], t.ownerOrg.id);
  });
  afterAll(async () => t?.close());

  it('answers each malformed request with its reason', async () => {
    const voprf = createVoprf(await loadSodiumGroup());
    const epoch = epochAt(Date.now() / 1000);
    const good = voprf.blind([inputBytes('renkei/v1|exact|x.example')]).blinded;
    expect((await post('sets', { assertion: a(valuesDigest([SETS_LABEL])) }, reader)).status).toBe(403);
    expect(reason(await post('sets', { assertion: a(valuesDigest([SETS_LABEL])) }, unpinned))).toEqual([401, 'hub_not_pinned']);
    expect(reason(await post('sets', '{not json'))).toEqual([400, 'invalid_json']);
    expect(reason(await post('evaluate', { epoch, blinded: ['AA'] }))).toEqual([400, 'validation_failed']);
    const notPoint = [new Uint8Array(32).fill(255)];
    expect(reason(await post('evaluate', { assertion: a(valuesDigest(notPoint)), epoch, blinded: notPoint.map(encodeBytes) }))).toEqual([400, 'invalid_element']);
    const nine = Array.from({ length: 9 }, () => good[0]!);
    expect(reason(await post('evaluate', { assertion: a(valuesDigest(nine)), epoch, blinded: nine.map(encodeBytes) }))).toEqual([413, 'batch_too_large']);
    expect(reason(await post('evaluate', { assertion: a(valuesDigest(good)), epoch: epoch + 5, blinded: good.map(encodeBytes) }))).toEqual([409, 'epoch_not_served']);
    // Sealed to the wrong key, and sealed correctly around garbage.
    const sets = await post('sets', { assertion: a(valuesDigest([SETS_LABEL])) });
    expect(sets.status).toBe(200);
    const boxKey = Buffer.from(sets.json.sets[0].descriptor.boxPublicKey, 'base64url');
    const wrong = encodeSealed(seal(new Uint8Array(32).fill(9), new Uint8Array(10), contextAad('request', 'bad', nodeIdForKey(hub.key), epoch)));
    expect(reason(await post('context', { assertion: a(valuesDigest([Buffer.from(wrong.ciphertext, 'base64url')])), epoch, sealed: wrong }))).toEqual([400, 'bad_seal']);
    const garbage = encodeSealed(seal(boxKey, new TextEncoder().encode('{"nope":1}'), contextAad('request', 'bad', nodeIdForKey(hub.key), epoch)));
    expect(reason(await post('context', { assertion: a(valuesDigest([Buffer.from(garbage.ciphertext, 'base64url')])), epoch, sealed: garbage }))).toEqual([400, 'bad_body']);
    expect(await t.node.meta.listHits({ since: 0, limit: 10 })).toEqual([]);
    expect(await t.node.blind.store.budgetUsage(Math.floor(Date.now() / 86_400_000) * 86_400)).toEqual([]);
  });
});

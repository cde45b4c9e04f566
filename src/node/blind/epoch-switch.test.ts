/**
 * Epoch switch at the owner node: the day before a switch the next epoch's token sets are built ahead;
 * after it, the new epoch is served at once and the previous one still evaluates during the overlap.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { valuesDigest } from '../../core/blind/assertion.ts';
import { epochBounds, epochAt } from '../../core/blind/epoch.ts';
import { loadSodiumGroup } from '../../core/blind/group-sodium.ts';
import { inputBytes } from '../../core/blind/token-input.ts';
import { createVoprf } from '../../core/blind/voprf.ts';
import { hubSigner } from '../../hub/blind/hub-signer.ts';
import type { BlindStore } from '../../storage/blind/port.ts';
import type { NodeMetaStore } from '../../storage/node-meta/port.ts';
import { createTestStore, type TestStore } from '../../testkit/store-factory.ts';
import { nodeStorageOn } from '../../storage/open-node-storage.ts';
import { NO_WARNINGLISTS } from '../misp/warninglist-check.ts';
import { attr, event } from '../test-support.ts';
import { createBlindService, SETS_DIGEST_LABEL } from './blind-service.ts';

for (const db of ['sqlite', 'postgres'] as const) {
  describe(`blind epochs (${db})`, () => {
    let opened: TestStore;
    let meta: NodeMetaStore;
    let blind: BlindStore;
    const e = epochAt(Date.now() / 1000);
    let clock = epochBounds(e).end - 3600; // an hour before the switch
    const signer = hubSigner(randomBytes(32), { now: () => clock });
    const caller = { keyId: 1, nodeId: 'node-x' };
    const assertion = (digest: string) => signer.sign({ searchId: 's', searcherOrg: 'u', searcherName: 'Searcher', node: caller.nodeId, valuesDigest: digest });

    beforeAll(async () => {
      opened = await createTestStore(db);
      const storage = await nodeStorageOn(opened);
      meta = storage.meta;
      blind = storage.blind;
      await blind.pinHub(1, signer.publicKeyText, 0);
      const owner = await opened.store.ensureOrg({ name: 'Owner' });
      await opened.store.saveEvents([event('x', [attr('domain', 'epoch-test.example.com')], { tlp: 'green' })], owner.id);
    });
    afterAll(async () => opened?.cleanup());

    it('builds the next epoch ahead, serves it after the switch, and still evaluates the previous one in the overlap', async () => {
      const svc = createBlindService({ store: opened.store, meta, blind, warninglists: () => NO_WARNINGLISTS }, { minSetSize: 16, refreshSeconds: 3600, now: () => clock });
      await svc.refresh();
      expect(await blind.audiences(e)).toEqual(['community', expect.stringMatching(/^org:/)]);
      expect(await blind.audiences(e + 1)).toEqual(await blind.audiences(e));
      const before = await svc.sets(caller, assertion(valuesDigest([SETS_DIGEST_LABEL])), []);
      expect(before.epoch).toBe(e);

      clock = epochBounds(e + 1).start + 60;
      const after = await svc.sets(caller, assertion(valuesDigest([SETS_DIGEST_LABEL])), []);
      expect(after.epoch).toBe(e + 1);
      expect(after.sets[0]!.descriptor.publicKey).not.toBe(before.sets[0]!.descriptor.publicKey);

      const voprf = createVoprf(await loadSodiumGroup());
      const batch = voprf.blind([inputBytes('renkei/v1|exact|epoch-test.example.com')]);
      const old = await svc.evaluate(caller, { assertion: assertion(valuesDigest(batch.blinded)), epoch: e, blinded: batch.blinded });
      const pk = Buffer.from(before.sets[0]!.descriptor.publicKey, 'base64url');
      expect(voprf.finalizeBatch(batch, { evaluated: old.evaluated, proof: old.proof }, pk)).toHaveLength(1);
      clock = epochBounds(e + 1).start + 2 * 86_400; // overlap over
      await expect(svc.evaluate(caller, { assertion: assertion(valuesDigest(batch.blinded)), epoch: e, blinded: batch.blinded })).rejects.toMatchObject({ code: 'conflict', details: { reason: 'epoch_not_served' } });
    });
  });
}

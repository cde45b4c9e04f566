/** The node's blind-search slice as the composition root builds it: store, pinning, settings, service. */
import { toBase64Url } from '../../core/blind/codec.ts';
import { RenkeiError } from '../../core/errors.ts';
import type { BlindStore } from '../../storage/blind/port.ts';
import type { NodeMetaStore } from '../../storage/node-meta/port.ts';
import type { IntelStore } from '../../storage/port.ts';
import type { NodeConfig } from '../config.ts';
import type { WarninglistCheck } from '../misp/warninglist-check.ts';
import { createBlindService, type BlindService } from './blind-service.ts';
import { REQUIRE_BLIND_SETTING } from './plain-searcher.ts';

export interface NodeBlind {
  store: BlindStore;
  service: BlindService;
  now: () => number;
  /** Pins the hub's Ed25519 public key (32 bytes, or base64url) for a `search` key: enrolment. */
  pinHub(keyId: number, publicKey: Uint8Array | string): Promise<void>;
  /** Node setting: refuse plain-text federated search from the hub. */
  setRequireBlind(on: boolean): Promise<void>;
  requireBlind(): Promise<boolean>;
  /** Rebuilds the current epoch's token sets now. */
  refresh: BlindService['refresh'];
}

/** Builds the slice over a migrated store. */
export function createNodeBlind(
  store: BlindStore,
  deps: { store: IntelStore; meta: NodeMetaStore; warninglists: () => WarninglistCheck; config: NodeConfig },
  now: () => number = () => Math.floor(Date.now() / 1000),
): NodeBlind {
  const c = deps.config;
  const service = createBlindService(
    { store: deps.store, meta: deps.meta, blind: store, warninglists: deps.warninglists },
    { budget: { perWindow: c.blindBudgetPerDay, windowSeconds: 86_400, batchCap: c.blindBatchCap }, refreshSeconds: c.blindRefreshSeconds, minSetSize: c.blindMinSetSize, now },
  );
  return {
    store,
    service,
    now,
    refresh: () => service.refresh(),
    async pinHub(keyId, publicKey) {
      const pk = typeof publicKey === 'string' ? publicKey : toBase64Url(publicKey);
      if (!/^[A-Za-z0-9_-]{43}$/.test(pk)) throw new RenkeiError('validation_failed', 'hub public key must be 32 bytes of base64url (Ed25519)');
      await store.pinHub(keyId, pk, now());
    },
    setRequireBlind: (on) => store.setSetting(REQUIRE_BLIND_SETTING, on ? 'true' : 'false'),
    requireBlind: async () => (await store.getSetting(REQUIRE_BLIND_SETTING)) === 'true',
  };
}

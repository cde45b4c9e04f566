/**
 * The owner node's blind-search service: token sets per audience the asserted searcher may see, the
 * budgeted evaluation with its batch proof, and sealed hit contexts that land in the owner hit log.
 * Every call carries a hub assertion checked against the hub key pinned for the calling `search` key.
 */
import { acceptAssertion, valuesDigest, type SearcherAssertion, type SignedAssertion } from '../../core/blind/assertion.ts';
import { DEFAULT_BUDGET, type BudgetPolicy } from '../../core/blind/budget.ts';
import { fromBase64Url, toBase64Url } from '../../core/blind/codec.ts';
import { epochAt, epochToPrepare, servedEpochs, type EpochKeySource } from '../../core/blind/epoch.ts';
import { bytesEqual } from '../../core/blind/group.ts';
import { answerContext, evaluateBlinded, type BlindNodeContext } from '../../core/blind/node-side.ts';
import type { Sealed } from '../../core/blind/seal.ts';
import { inputBytes } from '../../core/blind/token-input.ts';
import { tagHex, tagOf } from '../../core/blind/token-set.ts';
import { SUITE_ID, type Voprf } from '../../core/blind/voprf.ts';
import { decodeContextRequestBody, encodeContextResponseBody } from '../../contracts/blind/context.ts';
import type { TokenSetDescriptor } from '../../contracts/blind/token-set.ts';
import type { HitContext } from '../../contracts/federation.ts';
import type { MatchKind } from '../../contracts/match-kinds.ts';
import { RenkeiError } from '../../core/errors.ts';
import type { Viewer } from '../../core/sharing/access.ts';
import type { BlindStore } from '../../storage/blind/port.ts';
import type { NodeMetaStore, OwnedHit } from '../../storage/node-meta/port.ts';
import type { IntelStore } from '../../storage/port.ts';
import { resolveSearcher } from '../federation/resolve-searcher.ts';
import type { WarninglistCheck } from '../misp/warninglist-check.ts';
import { audiencesFor } from './audiences.ts';
import { epochKeySource, nodeVoprf } from './epoch-keys.ts';
import { blindHitContexts } from './hit-context.ts';
import { storeReplayCache } from './plain-searcher.ts';
import { buildTokenSets, parseSetState, type BuildReport } from './token-builder.ts';

export const SETS_DIGEST_LABEL = 'renkei/v1/blind-sets';

/** Who calls: the hub's `search` key (its id, for the pin) and the node id derived from it. */
export interface BlindCaller {
  keyId: number;
  nodeId: string;
}

export interface PublishedSet {
  descriptor: TokenSetDescriptor;
  /** Full body (base64url) unless deltas from the caller's version are given. */
  tags?: string;
  deltas?: { fromVersion: number; toVersion: number; added: string; removed: string }[];
}

export interface BlindServiceOptions {
  budget?: BudgetPolicy;
  /** Rebuild token sets on a request when the last build is older than this (seconds). */
  refreshSeconds?: number;
  /** Smallest padded set size (tests use small sets). */
  minSetSize?: number;
  now?: () => number;
}

export interface BlindService {
  /** Rebuilds the current epoch's sets now (after imports, and on a timer). */
  refresh(): Promise<BuildReport>;
  sets(caller: BlindCaller, assertion: SignedAssertion, have: { audience: string; epoch: number; version: number }[]): Promise<{ searcher: SearcherAssertion; epoch: number; sets: PublishedSet[] }>;
  evaluate(caller: BlindCaller, req: { assertion: SignedAssertion; epoch: number; blinded: Uint8Array[] }): Promise<{ evaluated: Uint8Array[]; proof: Uint8Array; remaining: number; searcher: SearcherAssertion }>;
  context(caller: BlindCaller, req: { assertion: SignedAssertion; epoch: number; sealed: Sealed }): Promise<{ sealed: Sealed; hits: number; outputs: number; searcher: SearcherAssertion }>;
}

/** Builds the service over the node's stores. */
export function createBlindService(deps: { store: IntelStore; meta: NodeMetaStore; blind: BlindStore; warninglists: () => WarninglistCheck }, opts: BlindServiceOptions = {}): BlindService {
  const now = opts.now ?? (() => Math.floor(Date.now() / 1000));
  const budget = opts.budget ?? DEFAULT_BUDGET;
  let ready: Promise<{ voprf: Voprf; keys: EpochKeySource }> | null = null;
  const init = () => (ready ??= nodeVoprf().then(async (voprf) => ({ voprf, keys: await epochKeySource(deps.blind, voprf) })));
  let building: Promise<BuildReport> | null = null;
  let builtAt = -Infinity;
  let builtEpoch = -1;

  const refresh = async (): Promise<BuildReport> => {
    if (building) return building;
    building = (async () => {
      const { voprf, keys } = await init();
      const epoch = epochAt(now());
      const build = (e: number) => buildTokenSets({ store: deps.store, blind: deps.blind, voprf }, e, keys(e)!.oprf, opts.minSetSize ? { minSize: opts.minSetSize } : {});
      const report = await build(epoch);
      builtAt = now();
      builtEpoch = epoch;
      // The day before a switch, the next epoch's sets are built too, so the first search after it does not wait.
      const next = epochToPrepare(now());
      if (next !== null) await build(next);
      await deps.blind.dropEpochsBefore(epoch - 1);
      return report;
    })().finally(() => (building = null));
    return building;
  };

  const nodeCtx = async (caller: BlindCaller): Promise<BlindNodeContext> => {
    const pin = await deps.blind.hubPin(caller.keyId);
    if (!pin) throw new RenkeiError('unauthenticated', 'no hub key is pinned for this search key: blind search needs signed assertions', { reason: 'hub_not_pinned' });
    const { voprf, keys } = await init();
    return { voprf, node: caller.nodeId, hubPublicKey: fromBase64Url(pin.publicKey), keys, replay: storeReplayCache(deps.blind, now), budget, ledger: { charge: (org, w, d) => deps.blind.chargeBudget(org, w, d) }, now };
  };

  const viewerOf = async (a: SearcherAssertion): Promise<{ viewer: Viewer; orgName: string; audiences: string[] }> => {
    const { viewer, orgName } = await resolveSearcher(deps.store, { name: a.searcherName ?? a.searcherOrg, uuid: a.searcherOrg });
    const groups = new Map((await deps.store.listSharingGroups()).map((g) => [g.id, g.uuid]));
    const org = viewer.orgId !== null && viewer.orgId > 0 ? await deps.store.getOrg(viewer.orgId) : null;
    return { viewer, orgName, audiences: audiencesFor(viewer, org?.uuid ?? null, groups) };
  };

  return {
    refresh,
    async sets(caller, assertion, have) {
      const ctx = await nodeCtx(caller);
      const searcher = await acceptAssertion(assertion, { hubPublicKey: ctx.hubPublicKey, node: caller.nodeId, now: now(), digest: valuesDigest([SETS_DIGEST_LABEL]), cache: ctx.replay });
      const epoch = epochAt(now());
      // Block only when this epoch has nothing built yet; otherwise serve what is built and update behind.
      if (builtEpoch !== epoch && (await deps.blind.audiences(epoch)).length === 0) await refresh();
      else if (builtEpoch !== epoch || now() - builtAt >= (opts.refreshSeconds ?? 60)) {
        if ((opts.refreshSeconds ?? 60) === 0) await refresh();
        else void refresh().catch(() => undefined);
      }
      const keys = ctx.keys(epoch)!;
      const { audiences } = await viewerOf(searcher);
      const sets: PublishedSet[] = [];
      for (const audience of audiences) {
        const text = await deps.blind.tokenState(epoch, audience);
        if (!text) continue;
        const st = parseSetState(text);
        const descriptor: TokenSetDescriptor = {
          node: caller.nodeId,
          audience,
          epoch,
          suite: SUITE_ID,
          publicKey: toBase64Url(keys.oprf.publicKey),
          boxPublicKey: toBase64Url(keys.box.publicKey),
          version: st.version,
          size: fromBase64Url(st.tags).length / 8,
          shape: st.shape,
        };
        const mine = have.find((h) => h.audience === audience && h.epoch === epoch);
        if (mine && mine.version === st.version) sets.push({ descriptor, deltas: [] });
        else if (mine && mine.version < st.version) {
          const deltas = await deps.blind.deltasSince(epoch, audience, mine.version);
          if (deltas[0]?.fromVersion === mine.version) sets.push({ descriptor, deltas });
          else sets.push({ descriptor, tags: st.tags });
        } else sets.push({ descriptor, tags: st.tags });
      }
      return { searcher, epoch, sets };
    },
    async evaluate(caller, req) {
      const ctx = await nodeCtx(caller);
      if (!servedEpochs(now(), ctx.overlapSeconds).includes(req.epoch)) {
        throw new RenkeiError('conflict', `blind epoch ${req.epoch} is not served`, { reason: 'epoch_not_served', epoch: req.epoch });
      }
      const r = await evaluateBlinded(ctx, req);
      return { evaluated: r.answer.evaluated, proof: r.answer.proof, remaining: r.remaining, searcher: r.searcher };
    },
    async context(caller, req) {
      const ctx = await nodeCtx(caller);
      const log: OwnedHit[] = [];
      let outputs = 0;
      let who: Awaited<ReturnType<typeof viewerOf>> | null = null;
      const res = await answerContext<HitContext>(ctx, req, {
        decode: (bytes) => {
          let body;
          try {
            body = decodeContextRequestBody(bytes);
          } catch {
            throw new RenkeiError('validation_failed', 'sealed context request does not hold a valid request body', { reason: 'bad_body' });
          }
          outputs = body.outputs.length;
          return body;
        },
        resolve: async (output, searcher, keys) => {
          who ??= await viewerOf(searcher);
          const rows = await deps.blind.tokensByTag(keys.epoch, who.audiences, tagHex(tagOf(output)));
          // The full output must be this node's evaluation of a stored input: a tag copied from the set is not enough.
          const inputs = [...new Set(rows.map((r) => r.input))].filter((i) => bytesEqual(ctx.voprf.evaluate(keys.oprf.secretKey, inputBytes(i)), output));
          if (inputs.length === 0) return null;
          const matches = new Map<number, MatchKind>();
          for (const r of rows) if (r.input === inputs[0]) matches.set(r.attributeId, r.match as MatchKind);
          const value = inputs[0]!.split('|').slice(2).join('|');
          return blindHitContexts({ store: deps.store, warninglists: deps.warninglists() }, who.viewer, matches, { searchId: searcher.searchId, searcherOrg: who.orgName, value, at: now() * 1000 }, log);
        },
        encode: encodeContextResponseBody,
      });
      await deps.meta.recordHits(log);
      return { sealed: res.sealed, hits: log.length, outputs, searcher: res.searcher };
    },
  };
}

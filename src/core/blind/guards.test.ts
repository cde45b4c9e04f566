/** Assertions, replay and expiry refusal, budgets, epochs and sealed boxes, and the node-side checks that use them. */
import { ed25519 } from '@noble/curves/ed25519.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { isRenkeiError } from '../errors.ts';
import { acceptAssertion, MemoryReplayCache, newNonce, signAssertion, valuesDigest, verifyAssertion, type SearcherAssertion } from './assertion.ts';
import { chargeBudget, DEFAULT_BUDGET, MemoryBudgetLedger } from './budget.ts';
import { deriveEpochKeys, epochAt, epochBounds, epochToPrepare, servedEpochs } from './epoch.ts';
import { nobleGroup } from './group-noble.ts';
import { evaluateBlinded, type BlindNodeContext } from './node-side.ts';
import { generateBoxKeyPair, openSealed, seal, SealError } from './seal.ts';
import { createVoprf } from './voprf.ts';

const hub = ed25519.utils.randomSecretKey();
const hubPub = ed25519.getPublicKey(hub);
const NOW = 1_790_000_000;
const base = (over: Partial<SearcherAssertion> = {}): SearcherAssertion => ({
  searchId: 's-1', searcherOrg: 'org-uuid', node: 'node-a', valuesDigest: valuesDigest(['x']), expiresAt: NOW + 60, nonce: newNonce(), ...over,
});
const reason = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return isRenkeiError(e) ? `${e.code}:${String(e.details?.reason)}` : String(e);
  }
  return 'accepted';
};

describe('searcher assertions', () => {
  it('verifies with the pinned hub key and refuses forgeries, other nodes, other values, expiry and long lifetimes', () => {
    const opts = { hubPublicKey: hubPub, node: 'node-a', now: NOW, digest: valuesDigest(['x']) };
    const good = signAssertion(base(), hub);
    expect(verifyAssertion(good, opts).searcherOrg).toBe('org-uuid');
    expect(reason(() => verifyAssertion({ ...good, searcherOrg: 'owner-org' }, opts))).toBe('unauthenticated:bad_signature');
    expect(reason(() => verifyAssertion(signAssertion(base(), ed25519.utils.randomSecretKey()), opts))).toBe('unauthenticated:bad_signature');
    expect(reason(() => verifyAssertion(signAssertion(base({ node: 'node-b' }), hub), opts))).toBe('unauthenticated:wrong_node');
    expect(reason(() => verifyAssertion(good, { ...opts, digest: valuesDigest(['y']) }))).toBe('unauthenticated:digest_mismatch');
    expect(reason(() => verifyAssertion(signAssertion(base({ expiresAt: NOW - 31 }), hub), opts))).toBe('unauthenticated:expired');
    expect(reason(() => verifyAssertion(signAssertion(base({ expiresAt: NOW + 3600 }), hub), opts))).toBe('unauthenticated:too_long_lived');
    expect(reason(() => verifyAssertion({ ...good, signature: '!!' }, opts))).toBe('unauthenticated:malformed');
  });

  it('refuses a replayed nonce', async () => {
    const cache = new MemoryReplayCache(() => NOW);
    const a = signAssertion(base(), hub);
    const opts = { hubPublicKey: hubPub, node: 'node-a', now: NOW, cache };
    await expect(acceptAssertion(a, opts)).resolves.toMatchObject({ searchId: 's-1' });
    await expect(acceptAssertion(a, opts)).rejects.toMatchObject({ code: 'unauthenticated', details: { reason: 'replayed' } });
  });

  it('digests are unambiguous about boundaries', () => {
    expect(valuesDigest(['ab', 'c'])).not.toBe(valuesDigest(['a', 'bc']));
  });
});

describe('budgets', () => {
  it('charges whole batches per org and window, refuses over-budget and over-cap batches, resets next window', () => {
    const p = { perWindow: 100, windowSeconds: 86_400, batchCap: 60 };
    const t = 86_400 * 20_000 + 10;
    const a = chargeBudget(null, p, 'o', 60, t);
    expect(a).toMatchObject({ ok: true, remaining: 40 });
    const b = chargeBudget(a.ok ? a.usage : null, p, 'o', 50, t);
    expect(b).toMatchObject({ ok: false, reason: 'budget_exhausted', remaining: 40, resetsAt: 86_400 * 20_001 });
    expect(chargeBudget(null, p, 'o', 61, t)).toMatchObject({ ok: false, reason: 'batch_too_large' });
    expect(chargeBudget(a.ok ? a.usage : null, p, 'o', 50, t + 86_400)).toMatchObject({ ok: true, remaining: 50 });
    expect(chargeBudget(a.ok ? a.usage : null, p, 'other-org', 50, t)).toMatchObject({ ok: true, remaining: 50 });
  });
});

describe('epochs', () => {
  it('are weekly from Monday 00:00 UTC, serve the old epoch during the overlap, and prepare the next ahead', () => {
    const monday = Date.UTC(2026, 0, 5) / 1000; // a Monday
    const e = epochAt(monday);
    expect(epochBounds(e).start).toBe(monday);
    expect(servedEpochs(monday + 3600)).toEqual([e, e - 1]);
    expect(servedEpochs(monday + 2 * 86_400)).toEqual([e]);
    expect(epochToPrepare(monday + 6.5 * 86_400)).toBe(e + 1);
    expect(epochToPrepare(monday + 3 * 86_400)).toBeNull();
  });

  it('derive the same keys from the same master secret, different ones per epoch and per secret', () => {
    const v = createVoprf(nobleGroup);
    const m = new Uint8Array(32).fill(7);
    const a = deriveEpochKeys(v, m, 2900);
    expect(deriveEpochKeys(v, m, 2900)).toEqual(a);
    expect(deriveEpochKeys(v, m, 2901).oprf.publicKey).not.toEqual(a.oprf.publicKey);
    expect(deriveEpochKeys(v, new Uint8Array(32).fill(8), 2900).box.publicKey).not.toEqual(a.box.publicKey);
    expect(a.oprf.publicKey).toEqual(nobleGroup.mulBase(a.oprf.secretKey));
  });
});

describe('sealed boxes', () => {
  it('open only with the right key and associated data, and detect tampering', () => {
    const k = generateBoxKeyPair();
    const aad = new TextEncoder().encode('search-1');
    const s = seal(k.publicKey, new TextEncoder().encode('hit context'), aad);
    expect(new TextDecoder().decode(openSealed(k, s, aad))).toBe('hit context');
    expect(() => openSealed(generateBoxKeyPair(), s, aad)).toThrow(SealError);
    expect(() => openSealed(k, s, new TextEncoder().encode('search-2'))).toThrow(SealError);
    const bad = { ...s, ciphertext: s.ciphertext.map((b, i) => (i === 0 ? b ^ 1 : b)) };
    expect(() => openSealed(k, bad, aad)).toThrow(SealError);
    expect(() => seal(new Uint8Array(32), new Uint8Array(1), aad)).toThrow(SealError);
  });
});

describe('node-side evaluation checks', () => {
  let ctx: BlindNodeContext;
  const v = createVoprf(nobleGroup);
  beforeAll(() => {
    const keys = deriveEpochKeys(v, new Uint8Array(32).fill(3), epochAt(NOW));
    ctx = {
      voprf: v, node: 'node-a', hubPublicKey: hubPub, keys: (e) => (e === keys.epoch ? keys : null), replay: new MemoryReplayCache(() => NOW),
      budget: { ...DEFAULT_BUDGET, perWindow: 3, batchCap: 2 }, ledger: new MemoryBudgetLedger(), now: () => NOW,
    };
  });
  const request = (blinded: Uint8Array[], over: Partial<SearcherAssertion> = {}, epoch = epochAt(NOW)) => ({
    assertion: signAssertion(base({ valuesDigest: valuesDigest(blinded), ...over }), hub), epoch, blinded,
  });

  it('refuses bad elements, foreign assertions, unserved epochs, oversized batches and spent budgets', async () => {
    const b = v.blind([new Uint8Array([1]), new Uint8Array([2])]).blinded;
    await expect(evaluateBlinded(ctx, request([new Uint8Array(32)]))).rejects.toMatchObject({ details: { reason: 'invalid_element' } });
    await expect(evaluateBlinded(ctx, { ...request(b), blinded: [b[1]!, b[0]!] })).rejects.toMatchObject({ details: { reason: 'digest_mismatch' } });
    await expect(evaluateBlinded(ctx, request(b, {}, epochAt(NOW) - 5))).rejects.toMatchObject({ details: { reason: 'epoch_not_served' } });
    await expect(evaluateBlinded(ctx, request([...b, b[0]!]))).rejects.toMatchObject({ code: 'payload_too_large' });
    await expect(evaluateBlinded(ctx, request(b))).resolves.toMatchObject({ remaining: 1 });
    await expect(evaluateBlinded(ctx, request(b))).rejects.toMatchObject({ code: 'rate_limited', details: { reason: 'budget_exhausted' } });
  });
});

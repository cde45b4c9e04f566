import { ristretto255_oprf } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RistrettoGroup } from './group.ts';
import { nobleGroup } from './group-noble.ts';
import { loadSodiumGroup } from './group-sodium.ts';
import { createBaseOprf, createVoprf, ProofError } from './voprf.ts';

// RFC 9497 Appendix A.1 (ristretto255-SHA512).
const SEED = 'a3'.repeat(32);
const KEY_INFO = '74657374206b6579';
const IN1 = '00';
const IN2 = '5a'.repeat(17);
const BLIND1 = '64d37aed22a27f5191de1c1d69fadb899d8862b58eb4220029e036ec4c1f6706';
const BLIND2 = '222a5e897cf59db8145db8d16e597e8facb80ae7d4e26d9881aa6f61d645fc0e';

const OPRF_VECTORS = {
  skSm: '5ebcea5ee37023ccb9fc2d2019f9d7737be85591ae8652ffa9ef0f4d37063b0e',
  tests: [
    {
      input: IN1,
      blinded: '609a0ae68c15a3cf6903766461307e5c8bb2f95e7e6550e1ffa2dc99e412803c',
      evaluated: '7ec6578ae5120958eb2db1745758ff379e77cb64fe77b0b2d8cc917ea0869c7e',
      output: '527759c3d9366f277d8c6020418d96bb393ba2afb20ff90df23fb7708264e2f3ab9135e3bd69955851de4b1f9fe8a0973396719b7912ba9ee8aa7d0b5e24bcf6',
    },
    {
      input: IN2,
      blinded: 'da27ef466870f5f15296299850aa088629945a17d1f5b7f5ff043f76b3c06418',
      evaluated: 'b4cbf5a4f1eeda5a63ce7b77c7d23f461db3fcab0dd28e4e17cecb5c90d02c25',
      output: 'f4a74c9c592497375e796aa837e907b1a045d34306a749db9f34221f7e750cb4f2a6413a6bf6fa5e19ba6348eb673934a722a7ede2e7621306d18951e7cf2c73',
    },
  ],
};

const OUT1 = 'b58cfbe118e0cb94d79b5fd6a6dafb98764dff49c14e1770b566e42402da1a7da4d8527693914139caee5bd03903af43a491351d23b430948dd50cde10d32b3c';
const OUT2 = '8a9a2f3c7f085b65933594309041fc1898d42d0858e59f90814ae90571a6df60356f4610bf816f27afdd84f47719e480906d27ecd994985890e5f539e7ea74b6';
const VOPRF_VECTORS = {
  skSm: 'e6f73f344b79b379f1a0dd37e07ff62e38d9f71345ce62ae3a9bc60b04ccd909',
  pkSm: 'c803e2cc6b05fc15064549b5920659ca4a77b2cca6f04f6b357009335476ad4e',
  tests: [
    {
      inputs: [IN1],
      blinds: [BLIND1],
      blinded: ['863f330cc1a1259ed5a5998a23acfd37fb4351a793a5b3c090b642ddc439b945'],
      evaluated: ['aa8fa048764d5623868679402ff6108d2521884fa138cd7f9c7669a9a014267e'],
      proof: 'ddef93772692e535d1a53903db24367355cc2cc78de93b3be5a8ffcc6985dd066d4346421d17bf5117a2a1ff0fcb2a759f58a539dfbe857a40bce4cf49ec600d',
      proofScalar: BLIND2,
      outputs: [OUT1],
    },
    {
      inputs: [IN2],
      blinds: [BLIND1],
      blinded: ['cc0b2a350101881d8a4cba4c80241d74fb7dcbfde4a61fde2f91443c2bf9ef0c'],
      evaluated: ['60a59a57208d48aca71e9e850d22674b611f752bed48b36f7a91b372bd7ad468'],
      proof: '401a0da6264f8cf45bb2f5264bc31e109155600babb3cd4e5af7d181a2c9dc0a67154fabf031fd936051dec80b0b6ae29c9503493dde7393b722eafdf5a50b02',
      proofScalar: BLIND2,
      outputs: [OUT2],
    },
    {
      inputs: [IN1, IN2],
      blinds: [BLIND1, BLIND2],
      blinded: ['863f330cc1a1259ed5a5998a23acfd37fb4351a793a5b3c090b642ddc439b945', '90a0145ea9da29254c3a56be4fe185465ebb3bf2a1801f7124bbbadac751e654'],
      evaluated: ['aa8fa048764d5623868679402ff6108d2521884fa138cd7f9c7669a9a014267e', 'cc5ac221950a49ceaa73c8db41b82c20372a4c8d63e5dded2db920b7eee36a2a'],
      proof: 'cc203910175d786927eeb44ea847328047892ddf8590e723c37205cb74600b0a5ab5337c8eb4ceae0494c2cf89529dcf94572ed267473d567aeed6ab873dee08',
      proofScalar: '419c4f4f5052c53c45f3da494d2b67b220d02118e0857cdbcf037f9ea84bbe0c',
      outputs: [OUT1, OUT2],
    },
  ],
};

const hex = (xs: Uint8Array[]) => xs.map((x) => bytesToHex(x));
const bytes = (xs: string[]) => xs.map((x) => hexToBytes(x));

let sodium: RistrettoGroup;
beforeAll(async () => {
  sodium = await loadSodiumGroup();
});

describe.each([
  ['noble', () => nobleGroup],
  ['sodium', () => sodium],
])('RFC 9497 A.1 ristretto255-SHA512 on %s', (_name, group) => {
  it('OPRF mode: key derivation, blind, evaluate, finalize and evaluate match the vectors', () => {
    const oprf = createBaseOprf(group());
    const key = oprf.deriveKeyPair(hexToBytes(SEED), hexToBytes(KEY_INFO));
    expect(bytesToHex(key.secretKey)).toBe(OPRF_VECTORS.skSm);
    for (const t of OPRF_VECTORS.tests) {
      const batch = oprf.blind([hexToBytes(t.input)], { blinds: [hexToBytes(BLIND1)] });
      expect(hex(batch.blinded)).toEqual([t.blinded]);
      const evaluated = oprf.blindEvaluate(key.secretKey, batch.blinded);
      expect(hex(evaluated)).toEqual([t.evaluated]);
      expect(hex(oprf.finalize(batch, evaluated))).toEqual([t.output]);
      expect(bytesToHex(oprf.evaluate(key.secretKey, hexToBytes(t.input)))).toBe(t.output);
    }
  });

  it('VOPRF mode: single and batch evaluations, proofs and outputs match the vectors', () => {
    const voprf = createVoprf(group());
    const key = voprf.deriveKeyPair(hexToBytes(SEED), hexToBytes(KEY_INFO));
    expect(bytesToHex(key.secretKey)).toBe(VOPRF_VECTORS.skSm);
    expect(bytesToHex(key.publicKey)).toBe(VOPRF_VECTORS.pkSm);
    for (const t of VOPRF_VECTORS.tests) {
      const batch = voprf.blind(bytes(t.inputs), { blinds: bytes(t.blinds) });
      expect(hex(batch.blinded)).toEqual(t.blinded);
      const answer = voprf.blindEvaluateBatch(key, batch.blinded, { proofScalar: hexToBytes(t.proofScalar) });
      expect(hex(answer.evaluated)).toEqual(t.evaluated);
      expect(bytesToHex(answer.proof)).toBe(t.proof);
      expect(hex(voprf.finalizeBatch(batch, answer, key.publicKey))).toEqual(t.outputs);
      expect(hex(t.inputs.map((i) => voprf.evaluate(key.secretKey, hexToBytes(i))))).toEqual(t.outputs);
    }
  });

  it('detects a node that evaluates with a key other than the one it published', () => {
    const voprf = createVoprf(group());
    const published = voprf.generateKeyPair();
    const other = voprf.generateKeyPair();
    const batch = voprf.blind([new TextEncoder().encode('renkei/v1|exact|198.51.100.7'), new TextEncoder().encode('renkei/v1|exact|evil.example')]);
    // A node that evaluates with another key but proves with that key's own public key…
    const cheat = voprf.blindEvaluateBatch(other, batch.blinded);
    expect(() => voprf.finalizeBatch(batch, cheat, published.publicKey)).toThrow(ProofError);
    // … or claims the published key for answers made with another one.
    const forged = voprf.blindEvaluateBatch({ secretKey: other.secretKey, publicKey: published.publicKey }, batch.blinded);
    expect(() => voprf.finalizeBatch(batch, forged, published.publicKey)).toThrow(ProofError);
    // One tampered element in an otherwise honest answer fails the whole batch.
    const honest = voprf.blindEvaluateBatch(published, batch.blinded);
    const swapped = { evaluated: [honest.evaluated[1]!, honest.evaluated[0]!], proof: honest.proof };
    expect(() => voprf.finalizeBatch(batch, swapped, published.publicKey)).toThrow(ProofError);
    expect(voprf.finalizeBatch(batch, honest, published.publicKey).map((o) => bytesToHex(o))).toEqual(
      batch.inputs.map((i) => bytesToHex(voprf.evaluate(published.secretKey, i))),
    );
  });
});

describe('noble and libsodium agree byte for byte', () => {
  it('on evaluate, blind, proofs and finalize for 40 random inputs, and with noble’s own RFC 9497 implementation', () => {
    const a = createVoprf(nobleGroup);
    const b = createVoprf(sodium);
    const key = a.generateKeyPair();
    const inputs = Array.from({ length: 40 }, (_, i) => new TextEncoder().encode(`renkei/v1|exact|value-${i}-${Math.random()}`));
    // `evaluate` exists on noble's voprf object but is missing from its type declarations.
    const ref = ristretto255_oprf.voprf as typeof ristretto255_oprf.voprf & { evaluate(sk: Uint8Array, input: Uint8Array): Uint8Array };
    for (const input of inputs) {
      const want = bytesToHex(ref.evaluate(key.secretKey, input));
      expect(bytesToHex(a.evaluate(key.secretKey, input))).toBe(want);
      expect(bytesToHex(b.evaluate(key.secretKey, input))).toBe(want);
    }
    const batchA = a.blind(inputs);
    const batchB = b.blind(inputs, { blinds: batchA.blinds });
    expect(hex(batchB.blinded)).toEqual(hex(batchA.blinded));
    const proofScalar = batchA.blinds[0]!;
    const evA = a.blindEvaluateBatch(key, batchA.blinded, { proofScalar });
    const evB = b.blindEvaluateBatch(key, batchA.blinded, { proofScalar });
    expect(hex(evB.evaluated)).toEqual(hex(evA.evaluated));
    expect(bytesToHex(evB.proof)).toBe(bytesToHex(evA.proof));
    // Noble's reference finalizeBatch accepts our proof; each side accepts the other's.
    const items = inputs.map((input, i) => ({ input, blind: batchA.blinds[i]!, evaluated: evA.evaluated[i]!, blinded: batchA.blinded[i]! }));
    const refOut = hex(ref.finalizeBatch(items, key.publicKey, evA.proof));
    expect(hex(a.finalizeBatch(batchA, evB, key.publicKey))).toEqual(refOut);
    expect(hex(b.finalizeBatch(batchB, evA, key.publicKey))).toEqual(refOut);
    const refEval = ref.blindEvaluateBatch(key.secretKey, key.publicKey, batchA.blinded);
    expect(hex(b.finalizeBatch(batchB, refEval, key.publicKey))).toEqual(refOut);
  });
});

describe('group primitives agree between noble and libsodium (the fast paths under the VOPRF)', () => {
  const rnd = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(Math.random() * 256));
  const L = 2n ** 252n + 27742317777372353535851937790883648493n;
  const le = (x: bigint) => Uint8Array.from({ length: 64 }, (_, i) => Number((x >> BigInt(8 * i)) & 0xffn));

  it('SHA-512 on every length from 0 to 300 and on long messages (the heap buffer grows)', () => {
    for (const n of [...Array.from({ length: 301 }, (_, i) => i), 1023, 1024, 1025, 5000, 70_000, 3000]) {
      const m = rnd(n);
      expect(bytesToHex(sodium.sha512(m))).toBe(bytesToHex(nobleGroup.sha512(m)));
    }
    expect(bytesToHex(sodium.sha512(new Uint8Array(0)))).toBe('cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e');
  });

  it('reduce64 is the 512-bit little-endian value mod ℓ, at the edges and on random input', () => {
    const edges = [0n, 1n, L - 1n, L, L + 1n, 2n * L, 2n ** 512n - 1n, 2n ** 256n, 2n ** 255n - 19n];
    for (const x of [...edges, ...Array.from({ length: 200 }, () => BigInt('0x' + bytesToHex(rnd(64))))]) {
      const want = bytesToHex(le(x % L).subarray(0, 32));
      expect(bytesToHex(sodium.reduce64(le(x)))).toBe(want);
      expect(bytesToHex(nobleGroup.reduce64(le(x)))).toBe(want);
    }
  });

  it('msm and mul give the same bytes, with zero weights, a sum that cancels to the identity, and invalid elements refused', () => {
    const v = createVoprf(nobleGroup);
    const pts = Array.from({ length: 40 }, (_, i) => v.hashToGroup(new TextEncoder().encode(`p${i}`)));
    const ws = pts.map((_, i) => (i % 7 === 3 ? new Uint8Array(32) : sodium.reduce64(rnd(64))));
    expect(bytesToHex(sodium.msm(ws, pts))).toBe(bytesToHex(nobleGroup.msm(ws, pts)));
    for (let i = 0; i < 10; i++) {
      const s = sodium.reduce64(rnd(64));
      expect(bytesToHex(sodium.mul(s, pts[i]!))).toBe(bytesToHex(nobleGroup.mul(s, pts[i]!)));
    }
    // A zero scalar gives the identity, which both refuse as a result.
    expect(() => sodium.mul(new Uint8Array(32), pts[0]!)).toThrow();
    expect(() => nobleGroup.mul(new Uint8Array(32), pts[0]!)).toThrow();
    // 1·P + (ℓ−1)·P = identity, then + Q: the accumulator passes through the identity.
    const one = le(1n).subarray(0, 32);
    const minusOne = le(L - 1n).subarray(0, 32);
    for (const g of [sodium, nobleGroup]) {
      expect(bytesToHex(g.msm([one, minusOne], [pts[0]!, pts[0]!]))).toBe('00'.repeat(32));
      expect(bytesToHex(g.msm([one, minusOne, one], [pts[0]!, pts[0]!, pts[1]!]))).toBe(bytesToHex(pts[1]!));
      expect(bytesToHex(g.msm([], []))).toBe('00'.repeat(32));
      const bad = Uint8Array.from(pts[2]!);
      bad[31] = 0xff;
      expect(() => g.mul(one, bad)).toThrow();
      expect(() => g.mul(one, new Uint8Array(32))).toThrow();
      expect(() => g.msm([one, one], [pts[0]!, bad])).toThrow();
    }
  });

  it('evaluate agrees on inputs longer than the scratch buffer', () => {
    const a = createVoprf(nobleGroup);
    const b = createVoprf(sodium);
    const key = a.generateKeyPair();
    for (const n of [0, 1, 200, 1100, 4000]) {
      const input = rnd(n);
      expect(bytesToHex(b.evaluate(key.secretKey, input))).toBe(bytesToHex(a.evaluate(key.secretKey, input)));
    }
  });
});

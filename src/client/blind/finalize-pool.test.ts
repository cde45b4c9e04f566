import { afterAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '@noble/hashes/utils.js';
import { loadSodiumGroup } from '../../core/blind/group-sodium.ts';
import { createVoprf, ProofError } from '../../core/blind/voprf.ts';
import { createFinalizePool } from './finalize-pool.ts';

const pool = createFinalizePool(2);
afterAll(() => pool.close());

const hex = (xs: Uint8Array[]) => xs.map((x) => bytesToHex(x));

describe('finalize pool (node answers verified on worker threads)', () => {
  it('gives the same outputs as finalizeBatch inline, for answers of several nodes checked at once', async () => {
    const voprf = createVoprf(await loadSodiumGroup());
    const inputs = Array.from({ length: 60 }, (_, i) => new TextEncoder().encode(`renkei/v1|exact|198.51.100.${i}`));
    const batch = voprf.blind(inputs);
    const keys = Array.from({ length: 5 }, () => voprf.generateKeyPair());
    const answers = keys.map((k) => voprf.blindEvaluateBatch(k, batch.blinded));
    const got = await Promise.all(answers.map((a, i) => pool.finalize(batch, a, keys[i]!.publicKey)));
    got.forEach((outputs, i) => {
      expect(hex(outputs)).toEqual(hex(voprf.finalizeBatch(batch, answers[i]!, keys[i]!.publicKey)));
      // … which are the PRF outputs under that node's key.
      expect(hex(outputs)).toEqual(hex(inputs.map((x) => voprf.evaluate(keys[i]!.secretKey, x))));
    });
    // Different keys give different outputs: each answer was checked against its own node.
    expect(new Set(got.map((o) => bytesToHex(o[0]!))).size).toBe(5);
  });

  it('rejects with ProofError when a node evaluated with another key than the one it published', async () => {
    const voprf = createVoprf(await loadSodiumGroup());
    const batch = voprf.blind([new TextEncoder().encode('renkei/v1|exact|evil.example')]);
    const published = voprf.generateKeyPair();
    const other = voprf.generateKeyPair();
    const cheat = voprf.blindEvaluateBatch(other, batch.blinded);
    await expect(pool.finalize(batch, cheat, published.publicKey)).rejects.toBeInstanceOf(ProofError);
    // The pool still works after a refusal.
    const honest = voprf.blindEvaluateBatch(published, batch.blinded);
    expect(hex(await pool.finalize(batch, honest, published.publicKey))).toEqual(hex(voprf.finalizeBatch(batch, honest, published.publicKey)));
  });

  it('refuses work once closed', async () => {
    const p = createFinalizePool(1);
    await p.close();
    const voprf = createVoprf(await loadSodiumGroup());
    const batch = voprf.blind([new Uint8Array([1])]);
    const key = voprf.generateKeyPair();
    await expect(p.finalize(batch, voprf.blindEvaluateBatch(key, batch.blinded), key.publicKey)).rejects.toThrow('closed');
  });
});

/**
 * Worker thread of `createFinalizePool`: verifies and unblinds node answers (`finalizeBatch` on the
 * libsodium group). Messages carry the batch and the answer; the reply carries the outputs or the error's
 * name and message (a ProofError stays a ProofError on the other side).
 */
import { parentPort } from 'node:worker_threads';
import { loadSodiumGroup } from '../../core/blind/group-sodium.ts';
import { createVoprf } from '../../core/blind/voprf.ts';
import type { FinalizeReply, FinalizeRequest } from './finalize-pool.ts';

const voprf = createVoprf(await loadSodiumGroup());
const port = parentPort!;
port.on('message', (m: FinalizeRequest) => {
  let reply: FinalizeReply;
  try {
    const outputs = voprf.finalizeBatch({ inputs: m.inputs, blinds: m.blinds, blinded: m.blinded }, { evaluated: m.evaluated, proof: m.proof }, m.publicKey);
    reply = { id: m.id, outputs };
  } catch (e) {
    reply = { id: m.id, error: { name: (e as Error).name, message: (e as Error).message } };
  }
  port.postMessage(reply);
});
port.postMessage({ ready: true });

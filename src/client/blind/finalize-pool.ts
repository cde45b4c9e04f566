/**
 * Verification of node answers on worker threads (Node: CLI, bench). A blind search checks one batch
 * proof and unblinds every input once per node, about half a second of CPU per node for 1,700 inputs;
 * inline, five answers are checked one after another on the event loop. The pool checks them side by side,
 * one per worker, while the other nodes are still evaluating.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { ProofError, type BlindedBatch, type EvaluatedBatch } from '../../core/blind/voprf.ts';
import type { Finalizer } from './blind-searcher.ts';

/** One verification job (the batch's blinds stay in this process: worker threads share it). */
export interface FinalizeRequest {
  id: number;
  inputs: Uint8Array[];
  blinds: Uint8Array[];
  blinded: Uint8Array[];
  evaluated: Uint8Array[];
  proof: Uint8Array;
  publicKey: Uint8Array;
}

export type FinalizeReply = { id: number; outputs: Uint8Array[] } | { id: number; error: { name: string; message: string } };

export interface FinalizePool {
  finalize: Finalizer;
  /** Stops the workers; jobs still running are rejected. */
  close(): Promise<void>;
}

interface Job {
  req: FinalizeRequest;
  resolve: (o: Uint8Array[]) => void;
  reject: (e: Error) => void;
}

const errorOf = (e: { name: string; message: string }): Error => {
  if (e.name === 'ProofError') return new ProofError();
  const err = e.name === 'RangeError' ? new RangeError(e.message) : new Error(e.message);
  return err;
};

/** Starts `size` workers (default: the cores, at most 4); they load libsodium once and stay for the pool's life. */
export function createFinalizePool(size = Math.max(1, Math.min(4, os.availableParallelism()))): FinalizePool {
  const queue: Job[] = [];
  const idle: Worker[] = [];
  const running = new Map<Worker, Job>();
  let nextId = 1;
  let closed = false;
  let alive = size;
  const dispatch = (): void => {
    while (idle.length > 0 && queue.length > 0) {
      const w = idle.pop()!;
      const job = queue.shift()!;
      running.set(w, job);
      // A worker with a job keeps the process alive until it answers; idle ones do not.
      w.ref();
      w.postMessage(job.req);
    }
  };
  const workers = Array.from({ length: size }, () => {
    const w = new Worker(new URL('./finalize-worker.mjs', import.meta.url));
    // Idle workers never keep the process alive.
    w.unref();
    w.on('message', (m: FinalizeReply | { ready: true }) => {
      if ('ready' in m) {
        idle.push(w);
        dispatch();
        return;
      }
      const job = running.get(w);
      running.delete(w);
      w.unref();
      idle.push(w);
      if (job) {
        if ('outputs' in m) job.resolve(m.outputs);
        else job.reject(errorOf(m.error));
      }
      dispatch();
    });
    w.on('error', (e) => {
      const job = running.get(w);
      running.delete(w);
      job?.reject(e);
    });
    w.on('exit', () => {
      alive--;
      const at = idle.indexOf(w);
      if (at >= 0) idle.splice(at, 1);
      // Without any worker left, queued jobs would wait forever.
      if (alive === 0) for (const job of queue.splice(0)) job.reject(new Error('finalize workers stopped'));
    });
    return w;
  });
  return {
    finalize(batch: BlindedBatch, answer: EvaluatedBatch, publicKey: Uint8Array): Promise<Uint8Array[]> {
      if (closed) return Promise.reject(new Error('finalize pool is closed'));
      return new Promise((resolve, reject) => {
        const req: FinalizeRequest = { id: nextId++, inputs: batch.inputs, blinds: batch.blinds, blinded: batch.blinded, evaluated: answer.evaluated, proof: answer.proof, publicKey };
        queue.push({ req, resolve, reject });
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const job of [...queue.splice(0), ...running.values()]) job.reject(new Error('finalize pool is closed'));
      running.clear();
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

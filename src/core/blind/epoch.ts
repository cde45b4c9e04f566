/**
 * Key epochs: a node's OPRF key (and the box key for context requests) changes weekly, Mondays 00:00 UTC.
 * During the switch the previous epoch is still served for an overlap, so searches in flight finish and
 * searchers holding the old token set keep working until they fetch the new one.
 *
 * Keys derive deterministically from one node master secret (32 random bytes, kept like any node secret):
 * seed = HKDF-SHA256(master, salt "renkei/v1/blind-epoch", info "<purpose>|<epoch>"), then RFC 9497
 * DeriveKeyPair(seed, "renkei/v1|epoch|<epoch>") for the OPRF key and the seed itself as X25519 secret for the
 * box key. A node that prefers random keys stores one `EpochKeys` per epoch instead; both satisfy `EpochKeySource`.
 */
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { boxKeyPairFromSecret, generateBoxKeyPair, type BoxKeyPair } from './seal.ts';
import type { Voprf, VoprfKeyPair } from './voprf.ts';

export const EPOCH_SECONDS = 7 * 86_400;
/** 1970-01-05T00:00:00Z, the first Monday: epoch 0 starts there. */
export const EPOCH_ORIGIN = 4 * 86_400;

export interface EpochKeys {
  epoch: number;
  oprf: VoprfKeyPair;
  box: BoxKeyPair;
}

/** The epoch holding `now` (Unix seconds). */
export function epochAt(now: number): number {
  return Math.floor((now - EPOCH_ORIGIN) / EPOCH_SECONDS);
}

/** Start and end (exclusive) of an epoch, Unix seconds. */
export function epochBounds(epoch: number): { start: number; end: number } {
  const start = EPOCH_ORIGIN + epoch * EPOCH_SECONDS;
  return { start, end: start + EPOCH_SECONDS };
}

/** Epochs a node answers for at `now`: the current one, and the previous one during the overlap. */
export function servedEpochs(now: number, overlapSeconds = 86_400): number[] {
  const e = epochAt(now);
  return now - epochBounds(e).start < overlapSeconds ? [e, e - 1] : [e];
}

/** The next epoch when its token sets should be built ahead (within `leadSeconds` of its start), else null. */
export function epochToPrepare(now: number, leadSeconds = 86_400): number | null {
  const e = epochAt(now);
  return epochBounds(e).end - now <= leadSeconds ? e + 1 : null;
}

const te = new TextEncoder();
const SALT = te.encode('renkei/v1/blind-epoch');

/** Derives an epoch's keys from the node master secret (deterministic: nothing per epoch to store). */
export function deriveEpochKeys(voprf: Voprf, masterSecret: Uint8Array, epoch: number): EpochKeys {
  if (masterSecret.length < 32) throw new RangeError('blind master secret must be at least 32 bytes');
  if (!Number.isSafeInteger(epoch) || epoch < 0) throw new RangeError('epoch must be a non-negative integer');
  const seed = hkdf(sha256, masterSecret, SALT, te.encode(`oprf|${epoch}`), 32);
  const box = hkdf(sha256, masterSecret, SALT, te.encode(`box|${epoch}`), 32);
  return { epoch, oprf: voprf.deriveKeyPair(seed, te.encode(`renkei/v1|epoch|${epoch}`)), box: boxKeyPairFromSecret(box) };
}

/** Random keys for an epoch, for nodes that store keys rather than derive them. */
export function generateEpochKeys(voprf: Voprf, epoch: number): EpochKeys {
  return { epoch, oprf: voprf.generateKeyPair(), box: generateBoxKeyPair() };
}

/** Where a node's epoch keys come from: derivation from the master secret, or its key store. */
export type EpochKeySource = (epoch: number) => EpochKeys | null;

/** The keys for an epoch a request names, or null when that epoch is not served at `now`. */
export function keysForRequest(source: EpochKeySource, epoch: number, now: number, overlapSeconds = 86_400): EpochKeys | null {
  return servedEpochs(now, overlapSeconds).includes(epoch) ? source(epoch) : null;
}

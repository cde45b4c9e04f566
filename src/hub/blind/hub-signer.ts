/**
 * The hub's Ed25519 assertion key: generated once and kept in the hub database (settings), published at
 * `GET /api/v1/federation/hub-key` for nodes to pin at enrolment. Every federated request is signed with it.
 */
import { randomBytes } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { newNonce, signAssertion, type SearcherAssertion, type SignedAssertion } from '../../core/blind/assertion.ts';
import { toBase64Url } from '../../core/blind/codec.ts';
import type { HubSettingsStore } from '../../storage/hub/port.ts';

export interface HubSigner {
  /** 32-byte Ed25519 public key. */
  readonly publicKey: Uint8Array;
  /** base64url of `publicKey` (what node admins pin). */
  readonly publicKeyText: string;
  /** Signs one request's assertion with a fresh nonce, valid for `lifetimeSeconds`. */
  sign(a: Omit<SearcherAssertion, 'nonce' | 'expiresAt'>): SignedAssertion;
}

const SETTING = 'assertion-signing-key';

/** A signer over a 32-byte seed. */
export function hubSigner(seed: Uint8Array, opts: { lifetimeSeconds?: number; now?: () => number } = {}): HubSigner {
  const publicKey = ed25519.getPublicKey(seed);
  const lifetime = opts.lifetimeSeconds ?? 120;
  const now = opts.now ?? (() => Math.floor(Date.now() / 1000));
  return {
    publicKey,
    publicKeyText: toBase64Url(publicKey),
    sign: (a) => signAssertion({ ...a, expiresAt: now() + lifetime, nonce: newNonce() }, seed),
  };
}

/** Loads the hub's signing key from its store, generating it on first start. */
export async function loadHubSigner(store: HubSettingsStore): Promise<HubSigner> {
  let hex = await store.getSetting(SETTING);
  if (!hex) {
    hex = randomBytes(32).toString('hex');
    await store.setSetting(SETTING, hex);
    // Two hubs starting at once on one database must end up with one key: re-read what was stored.
    hex = (await store.getSetting(SETTING)) ?? hex;
  }
  return hubSigner(Uint8Array.from(Buffer.from(hex, 'hex')));
}

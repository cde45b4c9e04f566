/**
 * Keyed hashes for the distinct-count sketches. Sources: SHA-256(hub-wide salt ‖ address) so sketches from
 * all members merge. Targets (customer side): HMAC with a member-only key over the Crypto-PAn pseudonym,
 * so nobody outside the member can test candidate customer addresses against a sketch.
 */
import { createHmac, hash } from 'node:crypto';
import type { CryptoPan } from '../cryptopan/cryptopan.ts';
import { formatIPv4, formatIPv6, type ParsedIp } from '../../core/net/ip-fast.ts';

/** A 64-bit hash as two unsigned 32-bit words. */
export type Hash64 = readonly [number, number];

function words(buf: Buffer): Hash64 {
  return [buf.readUInt32BE(0), buf.readUInt32BE(4)];
}

/** Canonical text so `::ffff:1.2.3.4`, `1.2.3.4` and zero-padded IPv6 hash the same. */
export function canonicalIp(ip: ParsedIp): string {
  return ip.v === 4 ? formatIPv4(ip.n) : formatIPv6(ip.b);
}

/** The two sketch hashers (uncached: the pipeline caches results per distinct address text). */
export class SketchHasher {
  readonly #salt: string;
  readonly #targetKey: Buffer;
  readonly #pan: CryptoPan;

  constructor(sketchSalt: string, pan: CryptoPan, memberKey: Uint8Array) {
    this.#salt = sketchSalt;
    this.#pan = pan;
    this.#targetKey = createHmac('sha256', memberKey).update('renkei target sketch v1').digest();
  }

  /** Hash of a remote (source) address. */
  source(ip: ParsedIp): Hash64 {
    // One-shot hash of the joined text: the same bytes as three updates (the NUL keeps the parts apart),
    // without a Hash object per address.
    return words(hash('sha256', `${this.#salt}\0${canonicalIp(ip)}`, 'buffer'));
  }

  /** Hash of a customer (target) address: pseudonymise first, then a member-keyed MAC. */
  target(ip: ParsedIp): Hash64 {
    const pseudo = ip.v === 4 ? formatIPv4(this.#pan.anonymiseV4Number(ip.n)) : formatIPv6(this.#pan.anonymiseV6Bytes(ip.b));
    return words(createHmac('sha256', this.#targetKey).update(pseudo).digest());
  }
}

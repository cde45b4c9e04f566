/**
 * Crypto-PAn prefix-preserving pseudonymisation (Xu, Fan, Ammar, Moon 2002), IPv4 and IPv6 (the original
 * construction extended bit by bit to 128 bits, as Yawning/cryptopan and yacryptopan do).
 *
 * Speed: every AES input block of an address depends only on the address and the pad, so all 32 (or 128)
 * blocks — and those of many addresses — are built into one buffer and encrypted by one `update()`.
 */
import { createCipheriv, type Cipher } from 'node:crypto';
import { RenkeiError } from '../../core/errors.ts';
import { formatIPv4, formatIPv6, parseIp } from '../../core/net/ip-fast.ts';

const BATCH = 256;

/** A Crypto-PAn instance bound to one 32-byte key. The key never leaves the member. */
export class CryptoPan {
  readonly #cipher: Cipher;
  readonly #pad: Uint8Array;
  readonly #padWord0: number;
  /** Pre-filled input buffer: BATCH addresses × 32 blocks, each block = pad (address bits written per call). */
  readonly #v4buf: Buffer;

  constructor(key: Uint8Array) {
    if (key.length !== 32) throw new RenkeiError('config_invalid', `Crypto-PAn key must be 32 bytes, got ${key.length}`);
    this.#cipher = createCipheriv('aes-128-ecb', key.subarray(0, 16), null).setAutoPadding(false);
    this.#pad = new Uint8Array(this.#cipher.update(key.subarray(16, 32)));
    this.#padWord0 = ((this.#pad[0]! << 24) | (this.#pad[1]! << 16) | (this.#pad[2]! << 8) | this.#pad[3]!) >>> 0;
    this.#v4buf = Buffer.alloc(BATCH * 32 * 16);
    for (let b = 0; b < BATCH * 32; b++) this.#v4buf.set(this.#pad, b * 16);
  }

  /** The derived pad (AES_K(K[16..31])), exposed for tests against the reference value. */
  get pad(): Uint8Array {
    return this.#pad.slice();
  }

  /** Pseudonymises one IPv4 address given as an unsigned 32-bit number. */
  anonymiseV4Number(a: number): number {
    const out = new Uint32Array(1);
    this.anonymiseV4Batch(Uint32Array.of(a), out);
    return out[0]!;
  }

  /** Pseudonymises many IPv4 addresses; one AES `update()` per 256 addresses. */
  anonymiseV4Batch(input: Uint32Array, out: Uint32Array = new Uint32Array(input.length)): Uint32Array {
    const buf = this.#v4buf;
    const padWord0 = this.#padWord0;
    for (let start = 0; start < input.length; start += BATCH) {
      const count = Math.min(BATCH, input.length - start);
      for (let j = 0; j < count; j++) {
        const a = input[start + j]!;
        const base = j * 512;
        // Block i: first i address bits, then the pad's bits from i on (only the first word changes).
        buf.writeUInt32BE(padWord0, base);
        for (let i = 1; i < 32; i++) {
          const mask = (0xffffffff << (32 - i)) >>> 0;
          buf.writeUInt32BE(((a & mask) | (padWord0 & ~mask)) >>> 0, base + i * 16);
        }
      }
      const enc = this.#cipher.update(count === BATCH ? buf : buf.subarray(0, count * 512));
      for (let j = 0; j < count; j++) {
        let f = 0;
        const base = j * 512;
        for (let i = 0; i < 32; i++) f = (f << 1) | (enc[base + i * 16]! >>> 7);
        out[start + j] = (input[start + j]! ^ f) >>> 0;
      }
    }
    return out;
  }

  /** Pseudonymises one IPv6 address (16 bytes) with 128 blocks in one `update()`. */
  anonymiseV6Bytes(a: Uint8Array): Uint8Array {
    const buf = Buffer.alloc(128 * 16);
    for (let i = 0; i < 128; i++) {
      const off = i * 16;
      buf.set(this.#pad, off);
      const full = i >>> 3;
      for (let k = 0; k < full; k++) buf[off + k] = a[k]!;
      const rem = i & 7;
      if (rem) {
        const m = (0xff << (8 - rem)) & 0xff;
        buf[off + full] = (a[full]! & m) | (this.#pad[full]! & ~m & 0xff);
      }
    }
    const enc = this.#cipher.update(buf);
    const out = new Uint8Array(16);
    for (let i = 0; i < 128; i++) {
      const bit = enc[i * 16]! >>> 7;
      out[i >>> 3]! |= bit << (7 - (i & 7));
    }
    for (let k = 0; k < 16; k++) out[k]! ^= a[k]!;
    return out;
  }

  /** Recovers the original IPv4 address from its pseudonym (bit by bit; needs the key). */
  deanonymiseV4Number(p: number): number {
    let orig = 0;
    for (let i = 0; i < 32; i++) {
      const mask = i === 0 ? 0 : (0xffffffff << (32 - i)) >>> 0;
      const block = Buffer.from(this.#pad);
      block.writeUInt32BE(((orig & mask) | (this.#padWord0 & ~mask)) >>> 0, 0);
      const f = this.#cipher.update(block)[0]! >>> 7;
      const bit = ((p >>> (31 - i)) & 1) ^ f;
      orig = (orig | (bit << (31 - i))) >>> 0;
    }
    return orig;
  }

  /** Recovers the original IPv6 address bytes from a pseudonym. */
  deanonymiseV6Bytes(p: Uint8Array): Uint8Array {
    const orig = new Uint8Array(16);
    for (let i = 0; i < 128; i++) {
      const block = Buffer.from(this.#pad);
      const full = i >>> 3;
      for (let k = 0; k < full; k++) block[k] = orig[k]!;
      const rem = i & 7;
      if (rem) {
        const m = (0xff << (8 - rem)) & 0xff;
        block[full] = (orig[full]! & m) | (this.#pad[full]! & ~m & 0xff);
      }
      const f = this.#cipher.update(block)[0]! >>> 7;
      const bit = ((p[full]! >>> (7 - (i & 7))) & 1) ^ f;
      orig[full]! |= bit << (7 - (i & 7));
    }
    return orig;
  }

  /** Pseudonymises an address in text form (IPv6 output in RFC 5952 form); null if not an address. */
  anonymise(ip: string): string | null {
    const p = parseIp(ip);
    if (!p) return null;
    return p.v === 4 ? formatIPv4(this.anonymiseV4Number(p.n)) : formatIPv6(this.anonymiseV6Bytes(p.b));
  }

  /** Inverse of `anonymise`. */
  deanonymise(ip: string): string | null {
    const p = parseIp(ip);
    if (!p) return null;
    return p.v === 4 ? formatIPv4(this.deanonymiseV4Number(p.n)) : formatIPv6(this.deanonymiseV6Bytes(p.b));
  }
}

/**
 * In-memory owner index for one audience: which stored attributes each OPRF input stands for, the token
 * set built from them, and the levels it publishes. The node's persistent version keeps the same three
 * things in its store (input → tag, tag → attribute ids with match kinds, the builder's state); this class
 * is the reference for that and serves tests and small nodes.
 */
import { ownerTokens } from './owner-tokens.ts';
import type { MatchKind } from '../matching/lookup-types.ts';
import { DEFAULT_PROFILE, type BlindProfile, type SetShape } from './profile.ts';
import { inputBytes } from './token-input.ts';
import { bytesEqual } from './group.ts';
import { tagOf, TokenSetBuilder, type TokenSet, type TokenSetBuilderOptions, type TokenSetDelta } from './token-set.ts';
import type { Voprf, VoprfKeyPair } from './voprf.ts';

/** One attribute behind a token, and how a hit on that token matches it. */
export interface TokenEntry<Id> {
  attribute: Id;
  match: MatchKind;
}

interface InputRecord<Id> {
  tag: bigint;
  entries: Map<Id, MatchKind>;
}

export class OwnerTokenTable<Id = string> {
  readonly #voprf: Voprf;
  readonly #key: VoprfKeyPair;
  readonly #profile: BlindProfile;
  readonly #builder: TokenSetBuilder;
  readonly #inputs = new Map<string, InputRecord<Id>>();
  readonly #byTag = new Map<bigint, string[]>();
  readonly #attributes = new Map<Id, string[]>();
  /** Token count per published level, e.g. `cidr/4/24`, so the shape shrinks when a level empties. */
  readonly #levels = new Map<string, number>();
  /** OPRF evaluations done so far (one per distinct input ever added). */
  evaluations = 0;

  constructor(voprf: Voprf, key: VoprfKeyPair, profile: BlindProfile = DEFAULT_PROFILE, builder: TokenSetBuilderOptions = {}) {
    this.#voprf = voprf;
    this.#key = key;
    this.#profile = profile;
    this.#builder = new TokenSetBuilder(builder);
  }

  /** Indexes one stored attribute (canonical type and value); re-adding an id replaces it. */
  add(id: Id, type: string, value: string): void {
    if (this.#attributes.has(id)) this.remove(id);
    const inputs: string[] = [];
    for (const t of ownerTokens(type, value, this.#profile)) {
      let rec = this.#inputs.get(t.input);
      if (!rec) {
        const tag = tagOf(this.#voprf.evaluate(this.#key.secretKey, inputBytes(t.input)));
        this.evaluations++;
        rec = { tag, entries: new Map() };
        this.#inputs.set(t.input, rec);
        const same = this.#byTag.get(tag);
        if (same) same.push(t.input);
        else {
          this.#byTag.set(tag, [t.input]);
          this.#builder.insert(tag);
        }
        if (t.level) this.#levels.set(levelKey(t.level), (this.#levels.get(levelKey(t.level)) ?? 0) + 1);
      }
      rec.entries.set(id, t.match);
      inputs.push(t.input);
    }
    this.#attributes.set(id, inputs);
  }

  /** Drops one attribute; tokens no other attribute uses leave the set at the next commit. */
  remove(id: Id): void {
    for (const input of this.#attributes.get(id) ?? []) {
      const rec = this.#inputs.get(input)!;
      rec.entries.delete(id);
      if (rec.entries.size > 0) continue;
      this.#inputs.delete(input);
      const same = this.#byTag.get(rec.tag)!.filter((i) => i !== input);
      if (same.length > 0) this.#byTag.set(rec.tag, same);
      else {
        this.#byTag.delete(rec.tag);
        this.#builder.delete(rec.tag);
      }
      const lv = levelOfInput(input);
      if (lv) {
        const n = (this.#levels.get(lv) ?? 1) - 1;
        if (n > 0) this.#levels.set(lv, n);
        else this.#levels.delete(lv);
      }
    }
    this.#attributes.delete(id);
  }

  /** Publishes pending changes: the delta searchers apply to their cached copy. */
  commit(): TokenSetDelta {
    return this.#builder.commit();
  }

  snapshot(): TokenSet {
    return this.#builder.snapshot();
  }

  /** Levels present in the set (published with it so searchers expand no further). */
  shape(): SetShape {
    const pick = (kind: string, v: number) =>
      [...this.#levels.keys()].filter((k) => k.startsWith(`${kind}/${v}/`)).map((k) => Number(k.split('/')[2])).sort((a, b) => a - b);
    return { cidrLevels: { v4: pick('cidr', 4), v6: pick('cidr', 6) }, withinLevels: { v4: pick('cidr-within', 4), v6: pick('cidr-within', 6) } };
  }

  /**
   * The attributes behind a full OPRF output a searcher presents, or null. The output is recomputed from the
   * stored input, so holding a tag from the published set is not enough to ask for its context.
   */
  resolve(output: Uint8Array): { input: string; entries: TokenEntry<Id>[] } | null {
    for (const input of this.#byTag.get(tagOf(output)) ?? []) {
      if (!bytesEqual(this.#voprf.evaluate(this.#key.secretKey, inputBytes(input)), output)) continue;
      const rec = this.#inputs.get(input)!;
      return { input, entries: [...rec.entries].map(([attribute, match]) => ({ attribute, match })) };
    }
    return null;
  }
}

function levelKey(l: { kind: string; version: number; len: number }): string {
  return `${l.kind}/${l.version}/${l.len}`;
}

/** Level key of a `cidr` or `cidr-within` input (`renkei/v1|cidr|net/len`), from its text. */
function levelOfInput(input: string): string | null {
  const [, kind, net] = input.split('|');
  if (kind !== 'cidr' && kind !== 'cidr-within') return null;
  const [addr, len] = net!.split('/');
  return `${kind}/${addr!.includes(':') ? 6 : 4}/${len}`;
}

/**
 * Builds and updates the node's token sets for one epoch: every shareable attribute's OPRF inputs, per
 * audience. Incremental where it costs: an input is evaluated once per epoch (tag cache), only changed
 * token rows are written, and each audience's set moves by a padded delta that searchers apply.
 */
import { encodeBytes, decodeBytes } from '../../contracts/blind/bytes.ts';
import { ownerTokens } from '../../core/blind/owner-tokens.ts';
import type { SetShape } from '../../core/blind/profile.ts';
import { inputBytes } from '../../core/blind/token-input.ts';
import { TokenSet, TokenSetBuilder, tagHex, tagOf, type TokenSetBuilderState } from '../../core/blind/token-set.ts';
import type { Voprf, VoprfKeyPair } from '../../core/blind/voprf.ts';
import { effectiveDistribution } from '../../core/sharing/access.ts';
import { stricterTlp, tlpOf } from '../../core/sharing/tlp.ts';
import type { BlindStore, TokenRow } from '../../storage/blind/port.ts';
import type { IntelStore } from '../../storage/port.ts';
import { audiencesOf } from './audiences.ts';

export interface SetState {
  version: number;
  tags: string;
  padding: string;
  shape: { cidrLevels: { v4: number[]; v6: number[] }; withinLevels: { v4: number[]; v6: number[] } };
}

export interface BuildReport {
  epoch: number;
  audiences: number;
  /** OPRF evaluations this run (inputs not seen before in this epoch). */
  evaluated: number;
  rowsAdded: number;
  rowsRemoved: number;
}

const rowKey = (r: { input: string; attributeId: number }) => `${r.attributeId}\u0000${r.input}`;
const bytesOf = (tags: BigUint64Array) => encodeBytes(new TokenSet(BigUint64Array.from(tags).sort()).toBytes());
const tagsOf = (b64: string) => TokenSet.fromBytes(decodeBytes(b64)).tags;

/** Levels present in an audience's rows (published so searchers expand no further). */
function shapeOf(inputs: Iterable<string>): SetState['shape'] & SetShape {
  const levels = { cidr: { v4: new Set<number>(), v6: new Set<number>() }, within: { v4: new Set<number>(), v6: new Set<number>() } };
  for (const input of inputs) {
    const [, kind, net] = input.split('|');
    if (kind !== 'cidr' && kind !== 'cidr-within') continue;
    const [addr, len] = net!.split('/');
    (kind === 'cidr' ? levels.cidr : levels.within)[addr!.includes(':') ? 'v6' : 'v4'].add(Number(len));
  }
  const sorted = (s: Set<number>) => [...s].sort((a, b) => a - b);
  return { cidrLevels: { v4: sorted(levels.cidr.v4), v6: sorted(levels.cidr.v6) }, withinLevels: { v4: sorted(levels.within.v4), v6: sorted(levels.within.v6) } };
}

export function parseSetState(text: string): SetState {
  return JSON.parse(text) as SetState;
}

/** The builder state a stored set resumes from. */
export function builderState(s: SetState): TokenSetBuilderState {
  return { version: s.version, tags: tagsOf(s.tags), padding: tagsOf(s.padding) };
}

/** Brings every audience's token set of `epoch` in line with the intel store. */
export async function buildTokenSets(deps: { store: IntelStore; blind: BlindStore; voprf: Voprf }, epoch: number, key: VoprfKeyPair, opts: { minSize?: number } = {}): Promise<BuildReport> {
  const groups = new Map((await deps.store.listSharingGroups()).map((g) => [g.id, g.uuid]));
  const wanted = new Map<string, Map<string, Omit<TokenRow, 'tag'>>>();
  for (const ownerId of await deps.store.ownerOrgIds()) {
    for await (const fe of deps.store.iterateEvents({ orgId: ownerId, sharingGroupIds: [] })) {
      if (fe.event.orgId !== ownerId) continue;
      for (const a of fe.attributes) {
        if (a.deleted) continue;
        const eff = effectiveDistribution(a, fe.event);
        const audiences = audiencesOf({
          ownerUuid: fe.org.uuid,
          tlp: stricterTlp(fe.event.tlp, tlpOf(a.tags)),
          distribution: eff.distribution,
          sharingGroupUuid: eff.sharingGroupId === null ? null : (groups.get(eff.sharingGroupId) ?? null),
        });
        if (audiences.length === 0) continue;
        const tokens = ownerTokens(a.type, a.value);
        for (const aud of audiences) {
          let m = wanted.get(aud);
          if (!m) wanted.set(aud, (m = new Map()));
          for (const t of tokens) m.set(`${a.id}\u0000${t.input}`, { input: t.input, attributeId: a.id, match: t.match });
        }
      }
    }
  }
  // Tags: cached per epoch, evaluated only for inputs new in this epoch.
  const inputs = new Set<string>();
  for (const m of wanted.values()) for (const r of m.values()) inputs.add(r.input);
  const all = [...inputs];
  const tags = new Map<string, string>();
  let evaluated = 0;
  for (let i = 0; i < all.length; i += 2000) {
    const chunk = all.slice(i, i + 2000);
    const cached = await deps.blind.cachedTags(epoch, chunk);
    const fresh: { input: string; tag: string }[] = [];
    for (const input of chunk) {
      const c = cached.get(input);
      if (c) tags.set(input, c);
      else {
        const tag = tagHex(tagOf(deps.voprf.evaluate(key.secretKey, inputBytes(input))));
        tags.set(input, tag);
        fresh.push({ input, tag });
      }
    }
    evaluated += fresh.length;
    await deps.blind.cacheTags(epoch, fresh);
  }
  const report: BuildReport = { epoch, audiences: wanted.size, evaluated, rowsAdded: 0, rowsRemoved: 0 };
  const audiences = new Set([...wanted.keys(), ...(await deps.blind.audiences(epoch))]);
  for (const aud of audiences) {
    const want = wanted.get(aud) ?? new Map<string, Omit<TokenRow, 'tag'>>();
    const have = new Map((await deps.blind.tokenRows(epoch, aud)).map((r) => [rowKey(r), r]));
    const added: TokenRow[] = [];
    const removed: TokenRow[] = [];
    for (const [k, r] of want) {
      const h = have.get(k);
      if (!h || h.match !== r.match) added.push({ ...r, tag: tags.get(r.input)! });
    }
    for (const [k, r] of have) if (!want.has(k)) removed.push(r);
    const stateText = await deps.blind.tokenState(epoch, aud);
    if (stateText && added.length === 0 && removed.length === 0) continue;
    const builder = new TokenSetBuilder(opts.minSize ? { minSize: opts.minSize } : {}, stateText ? builderState(parseSetState(stateText)) : undefined);
    const oldTags = new Set([...have.values()].map((r) => r.tag));
    const newTags = new Set<string>();
    for (const r of want.values()) newTags.add(tags.get(r.input)!);
    for (const t of newTags) if (!oldTags.has(t)) builder.insert(BigInt('0x' + t));
    for (const t of oldTags) if (!newTags.has(t)) builder.delete(BigInt('0x' + t));
    const delta = builder.commit();
    const st = builder.exportState();
    const state: SetState = { version: st.version, tags: bytesOf(st.tags), padding: bytesOf(st.padding), shape: shapeOf([...want.values()].map((r) => r.input)) };
    await deps.blind.applyTokens(epoch, aud, { added, removed }, JSON.stringify(state), {
      fromVersion: delta.fromVersion,
      toVersion: delta.toVersion,
      added: bytesOf(delta.added),
      removed: bytesOf(delta.removed),
    });
    report.rowsAdded += added.length;
    report.rowsRemoved += removed.length;
  }
  return report;
}

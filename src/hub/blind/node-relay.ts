/**
 * The hub's relay to one member node for blind search: adds a signed assertion for the searching
 * organisation to each call and passes blinded points, token sets and ciphertext through unread.
 * A node's refusal (budget, epoch, proof of origin) reaches the searcher with the node's code and reason.
 */
import { decodeBytes } from '../../contracts/blind/bytes.ts';
import type { SealedWire } from '../../contracts/blind/context.ts';
import { BlindContextResponse } from '../../contracts/blind/context.ts';
import { BlindEvaluateResponse } from '../../contracts/blind/evaluate.ts';
import { BlindSetsResponse } from '../../contracts/blind/sets.ts';
import { valuesDigest } from '../../core/blind/assertion.ts';
import { nodeIdForKey } from '../../core/blind/plain-request.ts';
import { RenkeiError } from '../../core/errors.ts';
import type { z } from 'zod';
import { httpRequest, SourceTransportError } from '../sources/http-request.ts';
import type { HubSigner } from './hub-signer.ts';

export const SETS_LABEL = 'renkei/v1/blind-sets';

export interface NodeEndpoint {
  url: string;
  apiKey: string;
  verifyTls: boolean;
  caFile: string | null;
}

export interface Searching {
  searchId: string;
  orgUuid: string;
  orgName: string;
}

export interface NodeRelay {
  sets(have: { audience: string; epoch: number; version: number }[]): Promise<BlindSetsResponse>;
  evaluate(epoch: number, blinded: string[]): Promise<BlindEvaluateResponse>;
  context(epoch: number, sealed: SealedWire): Promise<BlindContextResponse>;
}

const MAX_ANSWER = 64 * 1024 * 1024;

/** A relay to one node for one search. */
export function nodeRelay(node: NodeEndpoint, signer: HubSigner, who: Searching, opts: { timeoutMs?: number } = {}): NodeRelay {
  const base = node.url.replace(/\/+$/, '');
  const nodeId = nodeIdForKey(node.apiKey);
  const assertion = (digest: string) => signer.sign({ searchId: who.searchId, searcherOrg: who.orgUuid, searcherName: who.orgName, node: nodeId, valuesDigest: digest });
  const post = async <T extends z.ZodTypeAny>(path: string, body: unknown, schema: T): Promise<z.infer<T>> => {
    let a;
    try {
      a = await httpRequest(base + path, {
        method: 'POST',
        headers: { authorization: `Bearer ${node.apiKey}`, accept: 'application/json', 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
        verifyTls: node.verifyTls,
        caFile: node.caFile,
        maxBytes: MAX_ANSWER,
      });
    } catch (e) {
      const kind = e instanceof SourceTransportError ? e.kind : 'unreachable';
      throw new RenkeiError(kind === 'timeout' ? 'timeout' : 'source_unreachable', `member node ${kind}: ${(e as Error).message}`, { reason: kind });
    }
    let json: unknown;
    try {
      json = JSON.parse(a.text);
    } catch {
      throw new RenkeiError('source_error', `member node answered HTTP ${a.status} without JSON`, { reason: 'garbage' });
    }
    if (a.status < 200 || a.status >= 300) {
      const err = (json as { error?: { code?: string; message?: string; details?: Record<string, unknown> } }).error;
      throw new RenkeiError('source_error', `member node refused: ${err?.message ?? `HTTP ${a.status}`}`, { status: a.status, nodeCode: err?.code ?? null, ...(err?.details ?? {}) });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new RenkeiError('source_error', 'member node answer is not a blind-search message', { reason: 'garbage' });
    return parsed.data;
  };
  return {
    sets: (have) => post('/federation/v1/blind/sets', { assertion: assertion(valuesDigest([SETS_LABEL])), have }, BlindSetsResponse),
    evaluate: (epoch, blinded) => post('/federation/v1/blind/evaluate', { assertion: assertion(valuesDigest(blinded.map(decodeBytes))), epoch, blinded }, BlindEvaluateResponse),
    context: (epoch, sealed) => post('/federation/v1/blind/context', { assertion: assertion(valuesDigest([decodeBytes(sealed.ciphertext)])), epoch, sealed }, BlindContextResponse),
  };
}

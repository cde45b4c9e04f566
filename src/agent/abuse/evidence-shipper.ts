/**
 * Opt-in shipping of per-address evidence to the hub: download the registered prefixes (a public list,
 * no owners), collect rows for source addresses inside them, post them as reports. Nothing is sent unless
 * `enabled`; the hub routes each row to the owning member only.
 */
import { RenkeiError } from '../../core/errors.ts';
import type { LogEvent } from '../parse/types.ts';
import type { NetworkSet } from '../pipeline/networks.ts';
import { createEvidenceCollector, evidenceRecords } from './registered-evidence.ts';

export interface EvidenceShipOptions {
  enabled: boolean;
  hubUrl: string;
  apiKey: string;
  /** Channel name shown to the recipient. */
  source?: string;
  own: NetworkSet | null;
  batchSize?: number;
}

async function call(opts: EvidenceShipOptions, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${opts.hubUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${opts.apiKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) throw new RenkeiError('source_error', `hub answered HTTP ${res.status} on ${path}`);
  return res.json();
}

/** Ships evidence for `events`; returns rows shipped (0 when not enabled: nothing is even downloaded). */
export async function shipRegisteredEvidence(events: Iterable<LogEvent>, opts: EvidenceShipOptions): Promise<{ rows: number; kept: number }> {
  if (!opts.enabled) return { rows: 0, kept: 0 };
  const { prefixes } = (await call(opts, 'GET', '/api/v1/address-space/prefixes')) as { prefixes: string[] };
  const c = createEvidenceCollector(prefixes, opts.own);
  let kept = 0;
  for (const ev of events) if (c.add(ev)) kept++;
  const records = evidenceRecords(c.rows());
  const size = opts.batchSize ?? 5000;
  for (let i = 0; i < records.length; i += size) {
    await call(opts, 'POST', '/api/v1/notifications/reports', { source: opts.source ?? 'agent', records: records.slice(i, i + size) });
  }
  return { rows: records.length, kept };
}

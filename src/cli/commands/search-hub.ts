/**
 * `renkei search --hub URL --key KEY (VALUE... | --file F)`: a cross-search through the hub. Shows
 * per-member progress on a TTY; `--json` prints one document, `--csv` one row per value.
 */
import { readFile } from 'node:fs/promises';
import { createHubClient } from '../../client/hub-client.ts';
import { RenkeiError } from '../../core/errors.ts';
import type { SearchResult } from '../../contracts/hub-api.ts';
import { MATCH_KINDS, type MatchKind } from '../../contracts/match-kinds.ts';
import { EXIT } from '../run-cli.ts';

export interface HubSearchOptions {
  hub: string;
  key?: string;
  file?: string;
  json?: boolean;
  csv?: boolean;
  /** Match kinds to use (all when absent). */
  kinds?: string[];
  members?: string[];
  /** `renkei search` flags (`--no-cidr` …) switch kinds off when `kinds` is absent. */
  cidr?: boolean;
  subdomain?: boolean;
  urlHost?: boolean;
  composite?: boolean;
  /** Blind search: normalise, blind and match here; the hub relays only blinded points and ciphertext. */
  blind?: boolean;
  historyKey?: string;
  out?: NodeJS.WritableStream;
  err?: NodeJS.WritableStream & { isTTY?: boolean };
}

const csvCell = (v: string | number | null | undefined): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The `--json` document. */
export function searchJson(r: SearchResult): unknown {
  return {
    id: r.id,
    members: r.members.map((m) => ({ name: m.name, status: m.status, latencyMs: m.latencyMs, hits: m.hits, ...(m.error ? { error: m.error } : {}) })),
    results: r.results.map((v) => ({ input: v.input, type: v.type, value: v.value, hits: v.hits, enrichment: v.enrichment, details: v.details })),
    rejected: r.rejected,
  };
}

/** Runs the search and prints it; sets `process.exitCode` (1 when values were rejected or a member failed). */
export async function runHubSearch(values: string[], opts: HubSearchOptions): Promise<SearchResult> {
  const out = opts.out ?? process.stdout;
  const err = opts.err ?? process.stderr;
  const key = opts.key ?? process.env.RENKEI_HUB_KEY;
  if (!key) throw new RenkeiError('bad_request', '--key (or $RENKEI_HUB_KEY) is required with --hub');
  const all = [...values];
  if (opts.file) {
    const text = await readFile(opts.file, 'utf8').catch((e: Error) => {
      throw new RenkeiError('bad_request', `cannot read ${opts.file}: ${e.message}`);
    });
    all.push(...text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#')));
  }
  if (all.length === 0) throw new RenkeiError('bad_request', 'no values to search (give VALUE... or --file)');
  if (all.length > 10_000) throw new RenkeiError('bad_request', `at most 10,000 values per search (got ${all.length})`);
  const off: Record<string, boolean | undefined> = { cidr: opts.cidr, subdomain: opts.subdomain, 'url-host': opts.urlHost, composite: opts.composite };
  const requested = opts.kinds ?? (Object.values(off).some((v) => v === false) ? MATCH_KINDS.filter((k) => off[k] !== false) : undefined);
  const kinds = requested?.map((k) => {
    if (!MATCH_KINDS.includes(k as MatchKind)) throw new RenkeiError('bad_request', `unknown match kind ${k} (${MATCH_KINDS.join(', ')})`);
    return k as MatchKind;
  });
  const client = createHubClient({ baseUrl: opts.hub, apiKey: key });
  const tty = Boolean(err.isTTY) && !opts.json && !opts.csv;
  const t0 = performance.now();
  const result = opts.blind
    ? await (await import('./search-blind.ts')).blindHubResult(all, { hub: opts.hub, key, kinds: kinds ?? [...MATCH_KINDS], ...(opts.members ? { members: opts.members } : {}), ...(opts.historyKey ? { historyKey: opts.historyKey } : {}) })
    : await client
    .search({ values: all, ...(kinds ? { kinds } : {}), ...(opts.members ? { members: opts.members } : {}) }, (e) => {
      if (!tty) return;
      if (e.type === 'accepted') err.write(`searching ${e.values.length} values across ${e.members.length} members (${e.rejected.length} rejected)…\n`);
      if (e.type === 'member') {
        const m = e.member;
        err.write(`  ${m.status === 'ok' ? '✓' : '✗'} ${m.name.padEnd(20)} ${String(m.hits).padStart(6)} hits  ${m.latencyMs ?? '-'} ms${m.error ? `  ${m.error}` : ''}\n`);
      }
    })
    .catch((e: Error & { code?: string }) => {
      throw new RenkeiError('bad_request', `hub search failed: ${e.message}`);
    });
  if (opts.json) out.write(JSON.stringify(searchJson(result)) + '\n');
  else if (opts.csv) {
    const names = result.members.map((m) => m.name);
    out.write(['input', 'type', 'value', ...names, 'asn', 'as_name', 'country', 'hosting'].map(csvCell).join(',') + '\n');
    for (const v of result.results) {
      out.write([v.input, v.type, v.value, ...names.map((n) => v.hits[n] ?? 0), v.enrichment?.asn, v.enrichment?.asName, v.enrichment?.country, v.enrichment?.hosting].map(csvCell).join(',') + '\n');
    }
  } else {
    const hit = result.results.filter((v) => Object.keys(v.hits).length > 0);
    out.write(`${hit.length} of ${result.results.length} values hit (${Math.round(performance.now() - t0)} ms, search ${result.id})\n`);
    const blindOf = new Map(((result as { blind?: { members: { name: string; blind: boolean }[] } }).blind?.members ?? []).map((b) => [b.name, b.blind]));
    for (const m of result.members) {
      const mode = blindOf.size === 0 ? '' : blindOf.get(m.name) ? '  blind' : '  not blind';
      out.write(`  ${m.name.padEnd(20)} ${m.status.padEnd(8)} ${String(m.hits).padStart(6)} hits${mode}${m.error ? `  ${m.error}` : ''}\n`);
    }
    for (const v of hit) {
      const where = Object.entries(v.hits).map(([n, c]) => `${n}×${c}`).join(', ');
      const e = v.enrichment;
      const extra = e ? ` [${[e.country, e.asn ? `AS${e.asn}` : null, e.hosting].filter(Boolean).join(' ')}]` : '';
      out.write(`${v.value}\t${v.type}\t${where}${extra}\n`);
    }
    for (const r of result.rejected) err.write(`rejected: ${r.input}: ${r.error}\n`);
  }
  if (result.rejected.length > 0 || result.members.some((m) => m.status !== 'ok')) process.exitCode = EXIT.partial;
  return result;
}

/**
 * `renkei agent run`: ingest → checkpointed spool → delivery. Crash-safe: every commit writes the cursors,
 * the open hours and the queue together, so a restart resumes exactly at the last commit.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { RenkeiError } from '../../core/errors.ts';
import { readKeyFile, writeNewKeyFile } from '../cryptopan/key-file.ts';
import type { IpInfoService } from '../../geo/ip-info.ts';
import { fileId, isGzip, listInputs } from '../input/file-source.ts';
import type { CsvMapping } from '../parse/csv.ts';
import type { LogFormat } from '../parse/detect.ts';
import type { LogEvent } from '../parse/types.ts';
import { Pipeline } from '../pipeline/pipeline.ts';
import type { ParseSummary } from '../pipeline/summary.ts';
import { randomUUID } from 'node:crypto';
import { createEvidenceCollector, evidenceRecords } from '../abuse/registered-evidence.ts';
import { networkSet } from '../pipeline/networks.ts';
import { backoffMs, postBatch, postJson } from '../spool/sender.ts';
import { natsStatsSender } from '../../services/nats/stats-sender.ts';
import { Spool, type AgentState } from '../spool/spool.ts';
import { randomSensorId, toBatches } from './batches.ts';
import type { NameAllowList } from '../pipeline/name-policy.ts';
import { orderByContentTime } from './content-order.ts';
import { formatOf, ingestFile, ingestStream, type Cursor } from './ingest.ts';
import { rejectsWriter } from './rejects.ts';
import { followFiles } from './follow.ts';

/** Options of one agent process. */
export interface AgentRunOptions {
  inputs: string[];
  format: LogFormat;
  csvMapping?: CsvMapping;
  hubUrl: string;
  apiKey: string;
  spoolDir: string;
  member: string;
  /** Sensor id; by default a random one made on first start and kept in the spool. */
  sensorId?: string;
  k: number;
  /** Rule ids and names allowed to be shared as text although not from a public rule set. */
  ruleNameAllowList?: NameAllowList;
  /** Allowed lateness of event time before an hour closes (default 1 h). */
  allowedLatenessMs?: number;
  ownNetworks: string[];
  sketchSalt?: string;
  keyFile?: string;
  follow: boolean;
  pollMs?: number;
  checkpointMs?: number;
  rejectsFile?: string;
  ipInfo: IpInfoService;
  log: (msg: string) => void;
  signal?: AbortSignal;
  /**
   * Opt-in: also ship per-address evidence (address, hour, count, signature ids, ports, protocols) for
   * source addresses inside the hub's registered address space, for the ISP owning them. Addresses outside
   * it and the member's own networks are never shipped.
   */
  shipEvidence?: boolean;
  /** Channel name the recipient sees for this agent's evidence (default `agent`). */
  evidenceSource?: string;
  /**
   * Deliver aggregate batches over JetStream (message id = batch id) instead of `POST /stats/ingest`; the
   * hub's URL is still used for its configuration (sketch salt, prefixes) and for evidence.
   */
  nats?: { url: string; credsFile: string | null; subject?: string };
}

/** Evidence batches share the spool queue with aggregate batches; the prefix tells the sender where they go. */
const EVIDENCE_PREFIX = 'evidence-';
/** Records per evidence batch (the hub takes at most 10,000 per request). */
const EVIDENCE_BATCH = 5000;

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
  });

/** Fetches the hub-wide sketch salt so this member's sketches merge with everyone else's. */
async function fetchSalt(opts: AgentRunOptions): Promise<string> {
  const url = new URL('api/v1/stats/config', opts.hubUrl.endsWith('/') ? opts.hubUrl : `${opts.hubUrl}/`);
  for (let attempt = 0; ; attempt++) {
    if (opts.signal?.aborted) throw new RenkeiError('source_unreachable', 'stopped before the hub was reachable');
    try {
      const res = await fetch(url, { headers: { authorization: `Bearer ${opts.apiKey}` }, signal: AbortSignal.timeout(10_000) });
      if (res.ok) {
        const j = (await res.json()) as { sketchSalt?: unknown };
        if (typeof j.sketchSalt === 'string' && j.sketchSalt.length >= 16) return j.sketchSalt;
        throw new RenkeiError('source_error', 'hub sent no sketch salt');
      }
      if (res.status === 401 || res.status === 403) throw new RenkeiError('source_bad_key', `hub refused the agent key (${res.status})`);
    } catch (e) {
      if (e instanceof RenkeiError && e.code !== 'source_error') throw e;
      opts.log(`hub not reachable for config (${(e as Error).message}); retrying`);
    }
    await sleep(backoffMs(attempt, 30_000), opts.signal);
  }
}

/** Downloads the hub's registered prefixes (a public list without owners), retrying like `fetchSalt`. */
async function fetchPrefixes(opts: AgentRunOptions): Promise<string[]> {
  const url = new URL('api/v1/address-space/prefixes', opts.hubUrl.endsWith('/') ? opts.hubUrl : `${opts.hubUrl}/`);
  for (let attempt = 0; ; attempt++) {
    if (opts.signal?.aborted) throw new RenkeiError('source_unreachable', 'stopped before the hub was reachable');
    try {
      const res = await fetch(url, { headers: { authorization: `Bearer ${opts.apiKey}` }, signal: AbortSignal.timeout(10_000) });
      if (res.ok) {
        const j = (await res.json()) as { prefixes?: unknown };
        if (Array.isArray(j.prefixes) && j.prefixes.every((p) => typeof p === 'string')) return j.prefixes as string[];
        throw new RenkeiError('source_error', 'hub sent no prefix list');
      }
      if (res.status === 401 || res.status === 403) throw new RenkeiError('source_bad_key', `hub refused the agent key (${res.status})`);
    } catch (e) {
      if (e instanceof RenkeiError && e.code !== 'source_error') throw e;
      opts.log(`hub not reachable for registered prefixes (${(e as Error).message}); retrying`);
    }
    await sleep(backoffMs(attempt, 30_000), opts.signal);
  }
}

/** Runs the agent until inputs are exhausted and the queue is empty (or, with `follow`, until aborted). */
export async function runAgent(opts: AgentRunOptions): Promise<ParseSummary> {
  const spool = new Spool(opts.spoolDir);
  const state: AgentState = spool.load();
  spool.removeOrphans(state.pending);
  const keyFile = opts.keyFile ?? path.join(opts.spoolDir, 'cryptopan.key');
  if (!opts.keyFile && !existsSync(keyFile)) writeNewKeyFile(keyFile);
  const key = readKeyFile(keyFile);
  state.sketchSalt ??= opts.sketchSalt ?? (await fetchSalt(opts));
  state.sensorId ??= opts.sensorId ?? randomSensorId();
  const sensorId = opts.sensorId ?? state.sensorId;
  spool.commit(state);
  // Collected between two commits and queued by the next one, so a restart re-reads (and re-collects)
  // exactly the events whose evidence was not queued yet.
  const evidence = opts.shipEvidence ? createEvidenceCollector(await fetchPrefixes(opts), networkSet(opts.ownNetworks)) : null;
  if (evidence) opts.log('shipping evidence for sources inside registered address space');
  const pipeline = new Pipeline({ ...(evidence ? { onEvent: (e: LogEvent) => void evidence.add(e) } : {}), k: opts.k, ownNetworks: opts.ownNetworks, sketchSalt: state.sketchSalt, cryptopanKey: key, ipInfo: opts.ipInfo, ...(opts.ruleNameAllowList ? { ruleNameAllowList: opts.ruleNameAllowList } : {}), ...(opts.allowedLatenessMs !== undefined ? { allowedLatenessMs: opts.allowedLatenessMs } : {}) });
  if (state.pipeline) pipeline.restore(state.pipeline);
  const onReject = rejectsWriter(opts.rejectsFile ?? path.join(opts.spoolDir, 'rejects.log'));
  const checkpointMs = opts.checkpointMs ?? 1000;

  const commit = (closeAll: boolean): void => {
    const hours = closeAll ? pipeline.closeAll() : pipeline.closeReady(opts.follow ? Date.now() : 0);
    const batches = toBatches(hours, { member: opts.member, sensorId, k: opts.k });
    for (const b of batches) spool.writeBatch(b.batchId, JSON.stringify(b));
    state.pending.push(...batches.map((b) => b.batchId));
    let queued = batches.length;
    if (evidence) {
      const records = evidenceRecords(evidence.take());
      for (let i = 0; i < records.length; i += EVIDENCE_BATCH) {
        const id = `${EVIDENCE_PREFIX}${randomUUID()}`;
        spool.writeBatch(id, JSON.stringify({ source: opts.evidenceSource ?? 'agent', records: records.slice(i, i + EVIDENCE_BATCH) }));
        state.pending.push(id);
        queued++;
      }
    }
    state.pipeline = pipeline.snapshot();
    spool.commit(state);
    if (queued) wake();
  };
  let lastCommit = Date.now();
  const maybeCommit = (): void => {
    if (Date.now() - lastCommit >= checkpointMs) {
      commit(false);
      lastCommit = Date.now();
    }
  };

  // Sender: delivers committed batches in order; an ack removes the id in a new commit.
  let wake: () => void = () => undefined;
  let inputDone = false;
  const natsSender = opts.nats ? natsStatsSender({ ...opts.nats, apiKey: opts.apiKey }) : null;
  const sender = (async () => {
    let attempt = 0;
    for (;;) {
      const id = state.pending[0];
      if (id === undefined) {
        if (inputDone || opts.signal?.aborted) return;
        await new Promise<void>((r) => { wake = r; setTimeout(r, 1000); });
        continue;
      }
      const body = spool.readBatch(id);
      const r = id.startsWith(EVIDENCE_PREFIX)
        // The spool id is the idempotency key: a post retried after a lost answer is not ingested twice.
        ? await postJson(opts.hubUrl, opts.apiKey, 'api/v1/notifications/reports', body, undefined, id)
        : natsSender
          ? await natsSender.send(body)
          : await postBatch(opts.hubUrl, opts.apiKey, body);
      if (r.ok || !r.retry) {
        if (!r.ok) {
          opts.log(`hub refused batch ${id} (${r.status}): ${r.message}; kept in refused/`);
          spool.quarantine(id);
        }
        state.pending = state.pending.filter((p) => p !== id);
        state.sent++;
        state.pipeline = pipeline.snapshot();
        spool.commit(state);
        if (r.ok) spool.removeBatch(id);
        attempt = 0;
        continue;
      }
      if (opts.signal?.aborted) return;
      const wait = backoffMs(attempt++);
      opts.log(`delivery failed (${r.status ?? 'network'}: ${r.message.slice(0, 120)}); retry in ${wait} ms`);
      await sleep(wait, opts.signal);
    }
  })();

  const cursorFor = async (file: string): Promise<Cursor | null> => {
    const id = await fileId(file);
    if (!id) return null;
    // A file renamed by rotation between runs keeps its cursor (same device and inode).
    let c = state.cursors.find((x) => x.dev === id.dev && x.ino === id.ino && x.path !== '-') ?? state.cursors.find((x) => x.path === file);
    if (c && c.path !== file && state.cursors.some((x) => x !== c && x.path === file)) state.cursors = state.cursors.filter((x) => x === c || x.path !== file);
    if (c) c.path = file;
    // Gzip offsets count decompressed bytes, so only a new inode means a new archive.
    if (c && (c.ino !== id.ino || c.dev !== id.dev || (!isGzip(file) && id.size < c.offset))) {
      // Rotated or truncated since the last run: start the new file from the beginning.
      c.ino = id.ino;
      c.dev = id.dev;
      c.offset = 0;
      c.line = 0;
      c.format = await formatOf(file, opts.format);
    }
    if (!c) {
      c = { path: file, dev: id.dev, ino: id.ino, offset: 0, line: 0, format: await formatOf(file, opts.format) };
      state.cursors.push(c);
    }
    return c;
  };

  try {
    const files = await orderByContentTime((await Promise.all(opts.inputs.map(listInputs))).flat(), opts.format, opts.csvMapping ? { csvMapping: opts.csvMapping } : {});
    pipeline.summary.files = [];
    for (const file of files) {
      if (opts.signal?.aborted) break;
      if (file === '-') {
        const c: Cursor = { path: '-', dev: 0, ino: 0, offset: 0, line: 0, format: opts.format === 'auto' ? 'unknown' : opts.format };
        await ingestStream(pipeline, process.stdin, c, { format: opts.format, ...(opts.csvMapping ? { csvMapping: opts.csvMapping } : {}), onReject, onChunk: maybeCommit, eveTypes: pipeline.eveTypes });
        pipeline.summary.files.push({ path: '-', format: c.format });
        continue;
      }
      const c = await cursorFor(file);
      if (!c) continue;
      pipeline.summary.files.push({ path: file, format: c.format });
      // Followed files are read by the follow loop; rotated archives are complete, so they are read once here.
      if (opts.follow && !isGzip(file)) continue;
      await ingestFile(pipeline, c, { format: opts.format, ...(opts.csvMapping ? { csvMapping: opts.csvMapping } : {}), onReject, onChunk: maybeCommit, eveTypes: pipeline.eveTypes });
      commit(false);
    }
    if (opts.follow) {
      const ingestOpts = { format: opts.format, ...(opts.csvMapping ? { csvMapping: opts.csvMapping } : {}), onReject, onChunk: maybeCommit, eveTypes: pipeline.eveTypes };
      await followFiles(files.filter((f) => f !== '-' && !isGzip(f)), pipeline, cursorFor, ingestOpts, { pollMs: opts.pollMs ?? 500, ...(opts.signal ? { signal: opts.signal } : {}), tick: maybeCommit });
    }
    else commit(true);
  } finally {
    inputDone = true;
    if (opts.follow) commit(false);
    wake();
  }
  await sender;
  await natsSender?.close();
  return pipeline.summary;
}


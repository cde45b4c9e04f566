/**
 * parse → classify sides → pseudonymise customer side → enrich remote side → aggregate.
 * Nothing but aggregate rows leaves this object; addresses are used only to compute sketch hashes.
 */
import { hourOf } from '../../core/stats/aggregate-batch.ts';
import { HourAggregator, type AggregatorSnapshot, type ClosedHour, type RowKey } from '../aggregate/hour-aggregator.ts';
import { CryptoPan } from '../cryptopan/cryptopan.ts';
import type { IpInfoService } from '../../geo/ip-info.ts';
import type { EventKind, LineParser, LogEvent } from '../parse/types.ts';
import { looksBinary } from '../parse/types.ts';
import { networkSet, type NetworkSet } from './networks.ts';
import { AddressCache } from './address-cache.ts';
import { classifySides, SIDE_VALID } from './sides.ts';
import { NamePolicy, NO_ALLOW, type NameAllowList } from './name-policy.ts';
import { SignatureCache } from './signature-cache.ts';
import { SketchHasher } from './sketch-hasher.ts';
import { bump, emptySummary, type ParseSummary } from './summary.ts';

/** Everything the pipeline needs; the Crypto-PAn key and the networks never leave the member. */
export interface PipelineConfig {
  k: number;
  ownNetworks: readonly string[];
  sketchSalt: string;
  cryptopanKey: Uint8Array;
  ipInfo: IpInfoService;
  /** Event kinds that are aggregated (default alert, anomaly, drop, firewall). */
  kinds?: readonly EventKind[];
  /** Rule ids and names whose text may be shared although not from a public rule set (name-policy.ts). */
  ruleNameAllowList?: NameAllowList;
  /**
   * Allowed lateness: an hour closes once the watermark (the newest event time seen) is this far past its
   * end (default 1 h). Lines for an hour already closed are counted as `late`, never merged.
   */
  allowedLatenessMs?: number;
  maxLineChars?: number;
}

/** What a checkpoint keeps of a pipeline (`closedBefore` is absent in spools from before the watermark). */
export interface PipelineSnapshot {
  hours: AggregatorSnapshot;
  watermark: number;
  closedBefore?: number;
  summary: ParseSummary;
}

/** Called for each rejected line (the agent writes a sample to its rejects file; it never leaves). */
export type RejectSink = (reason: string, line: string) => void;

const DEFAULT_KINDS: EventKind[] = ['alert', 'anomaly', 'drop', 'firewall'];

/** Default allowed lateness of event time: one hour. */
export const DEFAULT_ALLOWED_LATENESS_MS = 3_600_000;
const HOUR_MS = 3_600_000;

/** One agent pipeline instance (one per agent process). */
export class Pipeline {
  readonly summary: ParseSummary = emptySummary();
  readonly #agg: HourAggregator;
  readonly #own: NetworkSet;
  readonly #hasher: SketchHasher;
  readonly #ipInfo: IpInfoService;
  readonly #kinds: Set<EventKind>;
  readonly #lateness: number;
  readonly #maxLine: number;
  #watermark = 0;
  /** Every hour before this one (ms) is closed or about to be; events for them are late. */
  #closedBefore = 0;
  readonly #addrs: AddressCache;
  readonly #sigs: SignatureCache;
  /** Reused for every event: the aggregator copies a key only when it creates a row. */
  readonly #key: RowKey = { kind: 'alert', gid: null, sid: null, signature: null, category: null, severity: null, port: null, proto: null, country: null, asn: null };

  constructor(cfg: PipelineConfig) {
    this.#agg = new HourAggregator(cfg.k);
    this.#own = networkSet(cfg.ownNetworks);
    this.#hasher = new SketchHasher(cfg.sketchSalt, new CryptoPan(cfg.cryptopanKey), cfg.cryptopanKey);
    this.#ipInfo = cfg.ipInfo;
    this.#kinds = new Set(cfg.kinds ?? DEFAULT_KINDS);
    this.#lateness = cfg.allowedLatenessMs ?? DEFAULT_ALLOWED_LATENESS_MS;
    this.#maxLine = cfg.maxLineChars ?? 1_000_000;
    this.#addrs = new AddressCache(this.#own);
    this.#sigs = new SignatureCache(new NamePolicy(cfg.cryptopanKey, cfg.ruleNameAllowList ?? NO_ALLOW));
  }

  /** EVE event types worth a full parse (the rest are skipped cheaply). */
  get eveTypes(): ReadonlySet<string> {
    const t = new Set<string>();
    for (const k of this.#kinds) {
      t.add(k);
      if (k === 'flow') t.add('netflow');
      if (k === 'other') return new Set();
    }
    return t;
  }

  /** Processes one line; bad lines are counted by reason and handed to `onReject`. */
  processLine(line: string, parser: LineParser, onReject?: RejectSink): void {
    const s = this.summary;
    s.linesRead++;
    if (line.length === 0 || (line.length < 3 && line.trim() === '')) {
      bump(s.skipped, 'empty');
      return;
    }
    let r: ReturnType<LineParser>;
    if (line.length > this.#maxLine) r = 'line_too_long';
    else {
      r = parser(line);
      // Binary junk is named as such only once a parser has refused it (keeps the good path cheap).
      if (typeof r === 'string' && looksBinary(line)) r = 'binary';
    }
    if (typeof r === 'object' && 'skip' in r) {
      bump(s.skipped, r.skip);
      return;
    }
    if (typeof r === 'string') {
      if (r === 'csv_header') {
        bump(s.skipped, 'csv_header');
        return;
      }
      bump(s.rejected, r);
      onReject?.(r, line);
      return;
    }
    s.parsed++;
    this.addEvent(r as LogEvent);
  }

  /** Aggregates one parsed event. */
  addEvent(e: LogEvent): void {
    const s = this.summary;
    const hour = hourOf(e.ts);
    if (e.ts > this.#watermark) {
      // Lateness is decided here, by event time alone, not when hours happen to be closed: the same input
      // gives the same late lines however often it was checkpointed or restarted.
      this.#watermark = e.ts;
      const frontier = hourOf(e.ts - this.#lateness);
      if (frontier > this.#closedBefore) this.#closedBefore = frontier;
    }
    if (hour < this.#closedBefore) {
      // Its hour was closed (and shared) already: counted, never reopened as a second batch.
      if (this.#kinds.has(e.kind)) s.late++;
      else bump(s.skipped, `kind_${e.kind}`);
      return;
    }
    this.#agg.touch(hour);
    if (!this.#kinds.has(e.kind)) {
      bump(s.skipped, `kind_${e.kind}`);
      return;
    }
    const addrs = this.#addrs;
    addrs.lookup(e.srcIp, e.destIp);
    const srcH = addrs.src;
    const dstH = addrs.dst;
    const sides = classifySides(addrs.flags(srcH), addrs.flags(dstH), this.#own.size > 0, e.targetIp !== null && e.targetIp === e.srcIp);
    if (sides !== 'remote_src' && sides !== 'remote_dst') {
      bump(s.skipped, sides);
      return;
    }
    const remoteIsSource = sides === 'remote_src';
    // classifySides checked that the remote side is present and parsed.
    const remote = remoteIsSource ? srcH : dstH;
    const customer = remoteIsSource ? dstH : srcH;
    const key = this.#key;
    if (addrs.hasInfo(remote)) {
      key.country = addrs.country(remote);
      key.asn = addrs.asn(remote);
    } else {
      const info = this.#ipInfo.lookup((remoteIsSource ? e.srcIp : e.destIp)!);
      addrs.setInfo(remote, info);
      key.country = info.country;
      key.asn = info.asn;
    }
    const port = e.servicePort ?? e.destPort;
    key.kind = e.kind === 'other' || e.kind === 'dns' || e.kind === 'http' || e.kind === 'tls' ? 'flow' : e.kind;
    key.gid = e.gid;
    key.sid = e.sid;
    // Names the parser built itself (anomaly types, firewall actions, "icmp type 8") carry no rule-writer text.
    const sigs = this.#sigs;
    sigs.lookup(e.signature, e.category, e.sid, e.namesFromParser);
    key.signature = sigs.signature;
    key.category = sigs.category;
    key.severity = e.severity;
    key.port = e.proto === 'ICMP' || e.proto === 'IPv6-ICMP' ? null : port;
    key.proto = e.proto;
    if (!addrs.hasSource(remote)) addrs.setSource(remote, this.#hasher.source(addrs.ip(remote)));
    const hasTarget = (addrs.flags(customer) & SIDE_VALID) !== 0;
    if (hasTarget && !addrs.hasTarget(customer)) addrs.setTarget(customer, this.#hasher.target(addrs.ip(customer)));
    this.#agg.add(hour, key, addrs.sourceHi(remote), addrs.sourceLo(remote), hasTarget, hasTarget ? addrs.targetHi(customer) : 0, hasTarget ? addrs.targetLo(customer) : 0);
    s.aggregated++;
  }

  /**
   * Closes hours whose end lies at least the allowed lateness before the watermark (the newest event time
   * seen; `wallNow` instead when later, for followed live logs). Depends on event times only otherwise, so
   * the same input closes the same hours however often it was checkpointed or restarted.
   */
  closeReady(wallNow = 0): ClosedHour[] {
    const before = hourOf(Math.max(this.#watermark, wallNow) - this.#lateness);
    if (before > this.#closedBefore) this.#closedBefore = before;
    return this.#count(this.#agg.close(this.#closedBefore));
  }

  /** Closes every open hour (end of input); later lines for these hours count as late. */
  closeAll(): ClosedHour[] {
    const open = this.#agg.openHours();
    const last = open.length ? open[open.length - 1]! + HOUR_MS : 0;
    this.#closedBefore = Math.max(this.#closedBefore, last, this.#watermark > 0 ? hourOf(this.#watermark) + HOUR_MS : 0);
    return this.#count(this.#agg.close());
  }

  /** The watermark (newest event time seen, ms) and the first hour still open to new events. */
  get progress(): { watermark: number; closedBefore: number } {
    return { watermark: this.#watermark, closedBefore: this.#closedBefore };
  }

  #count(hours: ClosedHour[]): ClosedHour[] {
    for (const h of hours) {
      this.summary.withheldRows += h.withheld.rows;
      this.summary.withheldEvents += h.withheld.events;
    }
    return hours;
  }

  /** Snapshot of open hours and counters, for checkpoints. */
  snapshot(): PipelineSnapshot {
    return { hours: this.#agg.snapshot(), watermark: this.#watermark, closedBefore: this.#closedBefore, summary: structuredClone(this.summary) };
  }

  /** Restores a snapshot taken by `snapshot()`. */
  restore(snap: PipelineSnapshot): void {
    this.#agg.restore(snap.hours);
    this.#watermark = snap.watermark;
    this.#closedBefore = snap.closedBefore ?? 0;
    Object.assign(this.summary, emptySummary(), structuredClone(snap.summary));
  }
}

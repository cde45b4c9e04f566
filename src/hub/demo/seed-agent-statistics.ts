/**
 * The demo's community statistics, made the way members make them: per member, the agent's EVE generator
 * writes Suricata logs for the last weeks up to the current hour, the agent pipeline aggregates them
 * (k threshold, sketches with the hub's salt, CryptoPAn never leaving the agent), and each hourly batch is
 * POSTed to the hub's `/api/v1/stats/ingest` with the member's API key — the real ingest path, no table
 * written directly. In the last days Mirai telnet brute force (2030092, 23/tcp) surges at every member, so
 * the statistics page opens on a trend, a baseline comparison and one clear deviation to quote.
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { eveLines } from '../../agent/generate/eve-generator.ts';
import { aggregateOnce } from '../../agent/run/aggregate-once.ts';
import { postBatch } from '../../agent/spool/sender.ts';
import type { AggregateBatch } from '../../core/stats/aggregate-batch.ts';
import type { IpInfoService } from '../../geo/ip-info.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** The signature that surges (Mirai telnet brute force) and the share of lines it takes then. */
export const SURGE_SIGNATURE = 2030092;
const SURGE_SHARE = 0.3;
/** Source networks (IPv4 /24s of well-known scanners and hosting), rotated per member. */
const NETWORKS = ['218.92.0', '14.160.1', '118.25.1', '80.82.77', '167.94.138', '71.6.199', '198.235.24', '45.83.64', '5.188.77', '177.54.144', '193.163.125', '222.186.1'];
/** The customer side of the generated logs (the member's own networks, never shipped). */
const OWN_NETWORKS = ['198.51.100.0/24', '2001:db8:c0::/48'];

export interface AgentStatisticsOptions {
  hubUrl: string;
  /** One sensor per member, posting with that member's API key. */
  members: Array<{ name: string; apiKey: string }>;
  /** Up to this hour (ms, exclusive); default the current hour. */
  toMs?: number;
  /** How far back (days); the demo covers five weeks and the month before for its report. */
  days: number;
  surgeDays?: number;
  /** Log lines per hour per sensor. */
  perHour?: number;
  /** Full days (every hour logged) before `toMs`; earlier days log every `sparseEvery`-th hour, aligned with the last hour. */
  fullDays?: number;
  sparseEvery?: number;
  ipInfo: IpInfoService;
}

/** Per member: batches accepted, duplicates, refused (with the first refusal's reason). */
export interface AgentStatisticsResult {
  members: Array<{ name: string; lines: number; batches: number; accepted: number; refused: number; firstError: string | null }>;
}

async function hubConfig(hubUrl: string, apiKey: string): Promise<{ sketchSalt: string; k: number }> {
  const res = await fetch(new URL('api/v1/stats/config', `${hubUrl}/`), { headers: { authorization: `Bearer ${apiKey}` } });
  if (!res.ok) throw new Error(`stats config: HTTP ${res.status}`);
  return (await res.json()) as { sketchSalt: string; k: number };
}

/** Generates, aggregates and posts every member's batches; resolves with what the hub took. */
export async function seedAgentStatistics(o: AgentStatisticsOptions): Promise<AgentStatisticsResult> {
  const to = o.toMs ?? Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
  const from = to - o.days * DAY_MS;
  const perHour = o.perHour ?? 100;
  const fullFrom = to - (o.fullDays ?? 3) * DAY_MS;
  const every = o.sparseEvery ?? 6;
  // Each ingest commits (and syncs) once per hourly batch: older weeks log every few hours, always the
  // hour of day the baseline compares (the last full hour), so every day has figures and every week the same hour.
  const lastHour = new Date(to - HOUR_MS).getUTCHours();
  const hours: number[] = [];
  for (let h = from; h < to; h += HOUR_MS) if (h >= fullFrom || (new Date(h).getUTCHours() - lastHour) % every === 0) hours.push(h);
  const lines = hours.length * perHour;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-demo-eve-'));
  const out: AgentStatisticsResult = { members: [] };
  try {
    for (const [i, m] of o.members.entries()) {
      const file = path.join(dir, `member-${i + 1}.eve.json`);
      const w = createWriteStream(file);
      const networks = NETWORKS.map((_, j) => NETWORKS[(i * 3 + j) % NETWORKS.length]!).slice(0, 8);
      const surge = { from: to - (o.surgeDays ?? 2) * DAY_MS, signatureId: SURGE_SIGNATURE, share: SURGE_SHARE };
      for (const [j, h] of hours.entries()) {
        const chunk = [...eveLines({ lines: perHour, seed: 101 + i * 10_000 + j, start: h, perHour, sources: 600, sourceNetworks: networks, surge })].join('\n') + '\n';
        if (!w.write(chunk)) await once(w, 'drain');
      }
      w.end();
      await once(w, 'close');
      const { sketchSalt, k } = await hubConfig(o.hubUrl, m.apiKey);
      const batches: AggregateBatch[] = [];
      await aggregateOnce({ inputs: [file], format: 'auto', k, ownNetworks: OWN_NETWORKS, member: m.name, sensorId: `sensor-demo-${i + 1}`, ipInfo: o.ipInfo, sketchSalt, onBatch: (b) => batches.push(b) });
      const row = { name: m.name, lines, batches: batches.length, accepted: 0, refused: 0, firstError: null as string | null };
      for (const b of batches) {
        const r = await postBatch(o.hubUrl, m.apiKey, JSON.stringify(b));
        if (r.ok) row.accepted++;
        else {
          row.refused++;
          row.firstError ??= `${r.status ?? 'network'}: ${r.message}`;
        }
      }
      out.members.push(row);
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

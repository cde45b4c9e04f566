/**
 * Per-address evidence for the ISPs owning the attackers' space (opt-in per agent). Only *source*
 * addresses inside the hub's registered prefixes are kept, one row per (address, hour): alert count,
 * signature ids, destination ports and protocols. The destination (the member's side) is never kept, and
 * a source inside the member's own networks is never kept either: customer-side addresses stay here.
 */
import { buildPrefixTable, type PrefixTable } from '../../core/address-space/prefix-table.ts';
import { parseIp } from '../../core/indicators/ip.ts';
import type { LogEvent } from '../parse/types.ts';
import type { NetworkSet } from '../pipeline/networks.ts';
import { parseIp as parseAgentIp } from '../../core/net/ip-fast.ts';

/** One evidence row as shipped to the hub. */
export interface EvidenceRow {
  address: string;
  /** Start of the UTC hour, epoch ms. */
  hour: number;
  count: number;
  signatureIds: number[];
  ports: number[];
  protocols: string[];
}

const HOUR = 3600_000;
const MAX_LIST = 20;

/** Collects evidence rows; `registered` is the hub's prefix list, `own` the member's networks (or null). */
export function createEvidenceCollector(registered: readonly string[], own: NetworkSet | null): { add(ev: LogEvent): boolean; rows(): EvidenceRow[] } {
  const { table } = buildPrefixTable(registered.map((prefix, i) => ({ prefix, id: i })));
  const inside = table as PrefixTable<number>;
  const rows = new Map<string, EvidenceRow>();
  const addTo = <T>(list: T[], v: T | null): void => {
    if (v !== null && !list.includes(v) && list.length < MAX_LIST) list.push(v);
  };
  return {
    add(ev) {
      if (ev.kind !== 'alert' && ev.kind !== 'drop' && ev.kind !== 'firewall') return false;
      if (!ev.srcIp) return false;
      const ip = parseIp(ev.srcIp);
      if (!ip) return false;
      if (inside.lookupText(ip.canonical) === undefined) return false;
      if (own) {
        const parsed = parseAgentIp(ip.canonical);
        if (parsed && own.has(parsed)) return false;
      }
      const hour = Math.floor(ev.ts / HOUR) * HOUR;
      const key = `${ip.canonical} ${hour}`;
      let r = rows.get(key);
      if (!r) {
        r = { address: ip.canonical, hour, count: 0, signatureIds: [], ports: [], protocols: [] };
        rows.set(key, r);
      }
      r.count++;
      addTo(r.signatureIds, ev.sid);
      addTo(r.ports, ev.destPort ?? ev.servicePort);
      addTo(r.protocols, ev.proto ? ev.proto.toLowerCase() : null);
      return true;
    },
    rows: () => [...rows.values()],
  };
}

/** The hub's report records for rows (category `ids-alert`, the hour as the time). */
export function evidenceRecords(rows: readonly EvidenceRow[]): Array<{ address: string; category: 'ids-alert'; time: number; evidence: Record<string, unknown> }> {
  return rows.map((r) => ({ address: r.address, category: 'ids-alert', time: r.hour, evidence: { hour: new Date(r.hour).toISOString(), count: r.count, signatureIds: r.signatureIds, ports: r.ports, protocols: r.protocols } }));
}

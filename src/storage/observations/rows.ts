/** Row helpers shared by the observation, question and room queries. */
import type { ItemIndicator } from '../../core/observations/model.ts';
import type { SqlRunner } from '../hub/runner.ts';
import type { ShareKind, StoreReader } from './visibility.ts';

export const num = (v: unknown): number => Number(v);
export const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
export const flag = (v: unknown): boolean => Boolean(Number(v));

/** `?, ?, ?` for n values. */
export const marks = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

/** Named audience organisations per item, for the given ids. */
export async function audienceOrgs(db: SqlRunner, kind: ShareKind, ids: number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  if (ids.length === 0) return out;
  const rows = await db.all<{ item_id: number; org_id: number }>(`SELECT item_id, org_id FROM share_audience_orgs WHERE kind = ? AND item_id IN (${marks(ids.length)}) ORDER BY org_id`, [kind, ...ids]);
  for (const r of rows) {
    const list = out.get(num(r.item_id)) ?? [];
    list.push(num(r.org_id));
    out.set(num(r.item_id), list);
  }
  return out;
}

/**
 * The named organisations a reader is shown: all of them to the author's org and hub admins, otherwise
 * only the reader's own (receivers do not learn who else was told).
 */
export function shownOrgIds(reader: StoreReader, authorOrgId: number, orgIds: number[]): number[] {
  if (reader.orgId === authorOrgId || reader.role === 'hub-admin') return orgIds;
  return orgIds.filter((o) => o === reader.orgId);
}

/** Indicators per item. */
export async function itemIndicators(db: SqlRunner, kind: ShareKind, ids: number[]): Promise<Map<number, ItemIndicator[]>> {
  const out = new Map<number, ItemIndicator[]>();
  if (ids.length === 0) return out;
  const rows = await db.all<{ item_id: number; type: string; value: string }>(`SELECT item_id, type, value FROM share_indicators WHERE kind = ? AND item_id IN (${marks(ids.length)})`, [kind, ...ids]);
  for (const r of rows) {
    const list = out.get(num(r.item_id)) ?? [];
    list.push({ type: r.type, value: r.value });
    out.set(num(r.item_id), list);
  }
  return out;
}

/** Writes an item's named organisations and indicators (after clearing old ones). */
export async function writeShareRows(tx: SqlRunner, kind: ShareKind, id: number, orgIds: number[], indicators: ItemIndicator[]): Promise<void> {
  await tx.run('DELETE FROM share_audience_orgs WHERE kind = ? AND item_id = ?', [kind, id]);
  await tx.run('DELETE FROM share_indicators WHERE kind = ? AND item_id = ?', [kind, id]);
  for (const o of new Set(orgIds)) await tx.run('INSERT INTO share_audience_orgs (kind, item_id, org_id) VALUES (?, ?, ?)', [kind, id, o]);
  for (const i of indicators) await tx.run('INSERT INTO share_indicators (kind, item_id, type, value) VALUES (?, ?, ?, ?)', [kind, id, i.type, i.value]);
}

/** Escapes LIKE wildcards (used with `ESCAPE '\\'`). */
export const likeEscape = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Booleans as 0/1 (the columns are INTEGER on both engines). */
export const bit = (v: boolean): number => (v ? 1 : 0);

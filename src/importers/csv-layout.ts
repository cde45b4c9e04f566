/**
 * Works out how a CSV list is laid out: where its header is (a plain first row, a `#`-commented row as
 * in ThreatFox dumps, or none), and which columns carry values, types, ports and comments.
 */
import { parse } from 'csv-parse/sync';
import { normalize } from '../core/indicators/normalize.ts';
import { RenkeiError } from '../core/errors.ts';
import { readLines } from './read-lines.ts';
import type { ColumnMapping } from './types.ts';

export const CSV_OPTIONS = {
  relax_column_count: true,
  relax_quotes: true,
  trim: true,
  bom: true,
  skip_empty_lines: true,
} as const;

/** One indicator column: its index and the type label it implies (undefined = detect per value). */
export interface ValueColumn {
  index: number;
  hint?: string;
  /** Column holding a port to join with this (IP) column. */
  portIndex?: number;
}

export interface CsvLayout {
  /** Line number of an uncommented header row to skip while streaming (0 = none). */
  headerLine: number;
  header: string[] | null;
  mode: 'list' | 'misp';
  values: ValueColumn[];
  typeIndex?: number;
  commentIndex?: number;
  categoryIndex?: number;
  /** MISP CSV columns by name. */
  misp?: Record<string, number>;
}

const VALUE_NAMES = ['ioc_value', 'ioc', 'indicator', 'value', 'observable', 'indicator_value'];
const TYPE_NAMES = ['ioc_type', 'type', 'indicator_type', 'observable_type'];
const PORT_NAMES = ['dst_port', 'port', 'src_port'];
const IP_NAMES = ['ip', 'dst_ip', 'src_ip', 'ip_address', 'ipaddress', 'ip address', 'ip_prefix', 'ipv6_prefix', 'cidr', 'prefix', 'network'];

function parseRow(text: string): string[] {
  try {
    const rows = parse(text, CSV_OPTIONS) as string[][];
    return rows[0] ?? [];
  } catch {
    return [];
  }
}

/** The type label a header name implies for multi-column lists, or null if the column is context. */
export function hintForHeader(name: string): string | undefined | null {
  const n = name.trim().toLowerCase();
  if (/sha-?256/.test(n)) return 'sha256';
  if (/sha-?512/.test(n)) return 'sha512';
  if (/sha-?1/.test(n)) return 'sha1';
  if (/\bmd5\b|^md5/.test(n)) return 'md5';
  if (/\burl\b|^url|\buri\b/.test(n)) return 'url';
  if (/domain/.test(n)) return 'domain';
  if (n === 'hostname' || n === 'host') return 'hostname';
  if (IP_NAMES.includes(n)) return 'ip';
  if (/^c2\b|\bc2 server\b|^c&c/.test(n)) return undefined;
  if (/e-?mail/.test(n) && !/subject/.test(n)) return 'email';
  return null;
}

function looksLikeHeader(fields: string[]): boolean {
  const nonEmpty = fields.filter((f) => f.trim() !== '');
  if (nonEmpty.length === 0) return false;
  if (nonEmpty.some((f) => normalize(f).ok)) return false;
  return nonEmpty.every((f) => /^[\p{L}_][\p{L}\p{N} _\-?.()/&:]*$/u.test(f.trim()));
}

function resolveColumn(spec: string, header: string[] | null, what: string): number {
  if (/^\d+$/.test(spec)) {
    const i = Number(spec) - 1;
    if (i < 0) throw new RenkeiError('bad_request', `--columns ${what}: column numbers start at 1`);
    return i;
  }
  const i = header ? header.findIndex((h) => h.trim().toLowerCase() === spec.trim().toLowerCase()) : -1;
  if (i < 0) throw new RenkeiError('bad_request', `--columns ${what}: no column named "${spec}"`);
  return i;
}

/** Reads the start of a CSV file and decides its layout. */
export async function detectCsvLayout(file: string, mapping?: ColumnMapping): Promise<CsvLayout> {
  const comments: string[] = [];
  let first: { line: number; fields: string[] } | null = null;
  for await (const l of readLines(file)) {
    if ('error' in l) continue;
    const t = l.text.trim();
    if (t === '') continue;
    if (t.startsWith('#')) {
      if (first === null) comments.push(t.replace(/^#+\s*/, ''));
      continue;
    }
    first = { line: l.line, fields: parseRow(l.text) };
    break;
  }
  let header: string[] | null = null;
  let headerLine = 0;
  if (first && looksLikeHeader(first.fields)) {
    header = first.fields;
    headerLine = first.line;
  } else {
    for (let i = comments.length - 1; i >= 0; i--) {
      const f = parseRow(comments[i]!);
      if (f.length >= 2 && (first === null || f.length === first.fields.length) && looksLikeHeader(f)) {
        header = f;
        break;
      }
    }
  }
  const names = header?.map((h) => h.trim().toLowerCase()) ?? [];
  const find = (cands: string[]): number | undefined => {
    for (const c of cands) {
      const i = names.indexOf(c);
      if (i >= 0) return i;
    }
    return undefined;
  };
  if (mapping && Object.keys(mapping).length > 0) {
    if (!mapping.value) throw new RenkeiError('bad_request', '--columns needs value=COLUMN');
    const port = mapping.port ? resolveColumn(mapping.port, header, 'port') : undefined;
    return {
      headerLine,
      header,
      mode: 'list',
      values: [{ index: resolveColumn(mapping.value, header, 'value'), ...(port !== undefined ? { portIndex: port } : {}) }],
      ...(mapping.type ? { typeIndex: resolveColumn(mapping.type, header, 'type') } : {}),
      ...(mapping.comment ? { commentIndex: resolveColumn(mapping.comment, header, 'comment') } : {}),
      ...(mapping.category ? { categoryIndex: resolveColumn(mapping.category, header, 'category') } : {}),
    };
  }
  if (header && ['uuid', 'category', 'type', 'value'].every((n) => names.includes(n))) {
    return { headerLine, header, mode: 'misp', values: [], misp: Object.fromEntries(names.map((n, i) => [n, i])) };
  }
  if (header) {
    const v = find(VALUE_NAMES);
    if (v !== undefined) {
      const t = find(TYPE_NAMES);
      return { headerLine, header, mode: 'list', values: [{ index: v }], ...(t !== undefined ? { typeIndex: t } : {}) };
    }
    const port = find(PORT_NAMES);
    const values: ValueColumn[] = [];
    names.forEach((n, i) => {
      const hint = hintForHeader(n);
      if (hint === null) return;
      const col: ValueColumn = { index: i, ...(hint !== undefined ? { hint } : {}) };
      if (hint === 'ip' && port !== undefined) col.portIndex = port;
      values.push(col);
    });
    if (values.length > 0) return { headerLine, header, mode: 'list', values };
  }
  // No usable header: the first column whose first value reads as an indicator.
  const idx = first ? first.fields.findIndex((f) => normalize(f).ok) : -1;
  return { headerLine, header, mode: 'list', values: [{ index: idx >= 0 ? idx : 0 }] };
}

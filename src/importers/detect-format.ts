/**
 * Per-path format detection for `--format auto`: a directory with manifest.json is a MISP feed; JSON
 * documents are MISP or STIX (decided after parsing); JSON lines are lists; `.csv` or comma-separated
 * content is CSV; everything else is a text list.
 */
import { open, stat } from 'node:fs/promises';
import path from 'node:path';

export type Detected = 'feed' | 'dir' | 'json' | 'jsonl' | 'csv' | 'text';

async function head(file: string, bytes = 65536): Promise<string> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '');
  } finally {
    await fh.close();
  }
}

function isJsonLine(line: string): boolean {
  try {
    const v: unknown = JSON.parse(line);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

/** Detects what a path holds. */
export async function detectFormat(p: string): Promise<Detected> {
  const st = await stat(p);
  if (st.isDirectory()) {
    try {
      if ((await stat(path.join(p, 'manifest.json'))).isFile()) return 'feed';
    } catch {
      /* no manifest: a plain folder */
    }
    return 'dir';
  }
  const text = await head(p);
  const lines = text.split(/\r?\n/);
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const first = lines.find((l) => l.trim() !== '') ?? '';
    const rest = lines.filter((l) => l.trim() !== '').slice(1, 3);
    if (first.trim().startsWith('{') && isJsonLine(first) && rest.length > 0 && rest.every((l) => l.trim().startsWith('{'))) return 'jsonl';
    return 'json';
  }
  if (path.extname(p).toLowerCase() === '.csv') return 'csv';
  const data = lines.map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#')).slice(0, 30);
  if (data.length >= 2 && data.filter((l) => l.includes(',')).length >= Math.ceil(data.length * 0.9)) {
    if (!data.some((l) => /\s{2,}|^[-*] /.test(l))) return 'csv';
  }
  return 'text';
}

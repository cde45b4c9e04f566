/**
 * The import service: streams items from the importers, saves events in transactional batches
 * (`saveEvents`), and adds up a summary: imported / updated / duplicates / rejected, with every
 * rejection's file, line or record and reason.
 */
import type { IntelStore, SaveEventResult } from '../storage/port.ts';
import type { EventInput } from '../core/model/event.ts';
import { isRenkeiError } from '../core/errors.ts';
import { importPaths } from './import-paths.ts';
import type { ImportFormat, ImportItem, ListOptions, RejectItem, SkipItem, NoteItem } from './types.ts';

export interface ImportRunOptions extends Omit<ListOptions, 'orgName' | 'orgUuid'> {
  /** Organisation that owns the imported data on this node (created when missing). */
  org: { name: string; uuid?: string };
  format?: ImportFormat | 'auto';
  /** Attributes per transaction. */
  batchAttributes?: number;
  /** At most this many rejections/skips/notes are listed (all are counted). */
  maxListed?: number;
  signal?: AbortSignal;
  onProgress?: (p: ImportProgress) => void;
}

export interface ImportProgress {
  file: string;
  events: number;
  attributes: number;
  rejected: number;
}

export type Listed<T> = Omit<T, 'kind'>;

export interface ImportSummary {
  files: number;
  /** Files that could not be read at all. */
  unreadable: number;
  events: { created: number; updated: number; unchanged: number };
  /** Attributes created. */
  imported: number;
  updated: number;
  /** Already stored and identical (`unchanged`) plus repeated inside the input (`repeated`). */
  duplicates: number;
  unchanged: number;
  repeated: number;
  rejected: number;
  /**
   * Records read by list imports (text, CSV, JSON lists) and attributes read from MISP/STIX documents:
   * imported + updated + duplicates + rejected + warninglisted add up to it for list imports.
   */
  read: number;
  skipped: number;
  warninglisted: number;
  noted: number;
  rejections: Listed<RejectItem>[];
  skips: Listed<SkipItem>[];
  notes: Listed<NoteItem>[];
  truncated: boolean;
  /** Why nothing could be imported, when the exit code is 2 (empty file, unreadable path…). */
  reason?: string;
}

function countAttributes(e: EventInput): number {
  let n = e.attributes.length;
  for (const o of e.objects) n += o.attributes.length;
  return n;
}

/** The exit code a summary calls for: 0 all imported, 1 some rejected, 2 nothing could be read. */
export function importExitCode(s: ImportSummary): 0 | 1 | 2 {
  if (s.files === 0 || s.unreadable === s.files) return 2;
  return s.rejected > 0 ? 1 : 0;
}

/** The reason an exit code 2 is given, from the first rejection or skip that explains it. */
function nothingReadReason(s: ImportSummary): string {
  if (s.files === 0) return 'no input files';
  const why = s.rejections.find((r) => r.line === undefined && r.record === undefined) ?? s.rejections[0] ?? s.skips[0];
  return why ? `nothing could be read: ${why.file}: ${why.reason}` : 'nothing could be read';
}

/**
 * Attributes per saveEvents call (one transaction). Bulk loads into SQLite cost a rewrite of every index
 * page a commit touches, so larger batches are markedly faster (measured 68k → 83k attr/s from 20k to 50k).
 */
export const IMPORT_BATCH_ATTRIBUTES = 50_000;

/**
 * Saves a batch; when the store refuses it for ownership (an event, attribute or object uuid of another
 * organisation or event), saves event by event so that valid events still land and each refused one is
 * reported with its file, record and reason.
 */
async function saveRefusingPerEvent(
  store: IntelStore,
  batch: EventInput[],
  files: string[],
  ownerId: number,
  reject: (r: RejectItem) => void,
): Promise<SaveEventResult[]> {
  try {
    return await store.saveEvents(batch, ownerId);
  } catch (e) {
    if (!isRenkeiError(e) || e.code !== 'ownership_conflict') throw e;
  }
  const out: SaveEventResult[] = [];
  for (let i = 0; i < batch.length; i++) {
    try {
      out.push(...(await store.saveEvents([batch[i]!], ownerId)));
    } catch (e) {
      if (!isRenkeiError(e) || e.code !== 'ownership_conflict') throw e;
      reject({ kind: 'reject', file: files[i] ?? '', record: `event ${batch[i]!.uuid}`, reason: `refused: ${e.message}` });
    }
  }
  return out;
}

/** Imports paths into the store and returns the summary. */
export async function runImport(store: IntelStore, paths: readonly string[], opts: ImportRunOptions): Promise<ImportSummary> {
  const owner = await store.ensureOrg(opts.org);
  const listOpts: ListOptions = { ...opts, orgName: owner.name, orgUuid: owner.uuid };
  const s: ImportSummary = {
    files: 0, unreadable: 0, events: { created: 0, updated: 0, unchanged: 0 }, imported: 0, updated: 0, duplicates: 0,
    unchanged: 0, repeated: 0, rejected: 0, read: 0, skipped: 0, warninglisted: 0, noted: 0, rejections: [], skips: [], notes: [], truncated: false,
  };
  const maxListed = opts.maxListed ?? 100_000;
  const limit = opts.batchAttributes ?? IMPORT_BATCH_ATTRIBUTES;
  const eventStatus = new Map<string, SaveEventResult['status']>();
  const fileState = new Map<string, boolean>(); // file → read something
  let batch: EventInput[] = [];
  let batchFiles: string[] = [];
  let batchSize = 0;
  let current = '';

  const list = <T extends { kind: string }>(arr: Listed<T>[], item: T): void => {
    if (arr.length >= maxListed) {
      s.truncated = true;
      return;
    }
    const { kind: _kind, ...rest } = item;
    arr.push(rest);
  };
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    opts.signal?.throwIfAborted();
    const results = await saveRefusingPerEvent(store, batch, batchFiles, owner.id, (r) => {
      s.rejected++;
      list(s.rejections, r);
    });
    for (const r of results) {
      s.imported += r.attributesCreated;
      s.updated += r.attributesUpdated;
      s.unchanged += r.attributesUnchanged;
      const prev = eventStatus.get(r.uuid);
      if (prev === undefined || prev === 'unchanged' || (prev === 'updated' && r.status === 'created')) eventStatus.set(r.uuid, r.status);
    }
    batch = [];
    batchFiles = [];
    batchSize = 0;
    opts.onProgress?.({ file: current, events: eventStatus.size, attributes: s.imported + s.updated + s.unchanged, rejected: s.rejected });
  };
  const mark = (file: string, read: boolean): void => {
    if (!fileState.has(file)) fileState.set(file, read);
    else if (read) fileState.set(file, true);
  };

  for await (const item of importPaths(paths, opts.format ?? 'auto', listOpts) as AsyncIterable<ImportItem>) {
    const file = item.kind === 'event' ? item.source.file : item.file;
    current = file;
    switch (item.kind) {
      case 'event':
        mark(file, true);
        batch.push(item.event);
        batchFiles.push(file);
        batchSize += countAttributes(item.event) + 1;
        s.repeated += item.repeated ?? 0;
        if (batchSize >= limit) await flush();
        break;
      case 'count':
        mark(file, true);
        s.repeated += item.repeated;
        s.read += item.read ?? 0;
        break;
      case 'reject':
        mark(file, item.line !== undefined || item.record !== undefined);
        s.rejected++;
        list(s.rejections, item);
        break;
      case 'skip':
        mark(file, true);
        if (item.warninglisted) s.warninglisted++;
        else s.skipped++;
        list(s.skips, item);
        break;
      case 'note':
        mark(file, true);
        s.noted++;
        list(s.notes, item);
        break;
    }
  }
  await flush();
  for (const st of eventStatus.values()) s.events[st]++;
  s.files = fileState.size;
  s.unreadable = [...fileState.values()].filter((r) => !r).length;
  s.duplicates = s.unchanged + s.repeated;
  if (importExitCode(s) === 2) s.reason = nothingReadReason(s);
  return s;
}

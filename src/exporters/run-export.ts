/**
 * The export service: streams what a viewer may see (capped by TLP) from the store into MISP JSON,
 * a MISP feed directory, a STIX 2.1 bundle, MISP restSearch CSV or a plain value list.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import { once } from 'node:events';
import { RenkeiError } from '../core/errors.ts';
import type { Viewer } from '../core/sharing/access.ts';
import type { Tlp } from '../core/sharing/tlp.ts';
import type { IntelStore } from '../storage/port.ts';
import { eventsToStix } from '../stix/events-to-stix.ts';
import { validateStix, type StixProblem } from '../stix/validate.ts';
import { csvHeader, csvRows } from './csv-export.ts';
import { eventToMisp, type MispShapeContext } from './misp-shape.ts';

export type ExportFormat = 'misp' | 'feed' | 'stix' | 'csv' | 'text';

export interface ExportOptions {
  format: ExportFormat;
  /** File path (`-` = stdout) or, for `feed`, a directory. */
  out: string;
  viewer: Viewer;
  maxTlp?: Tlp;
  /** Validate STIX output against the OASIS schemas in this directory (else the built-in check). */
  stixSchemas?: string;
}

export interface ExportSummary {
  format: ExportFormat;
  out: string;
  events: number;
  attributes: number;
  /** STIX only: objects written and validation problems. */
  objects?: number;
  invalid?: StixProblem[];
}

class Out {
  private constructor(private readonly s: WriteStream | NodeJS.WriteStream, private readonly own: boolean) {}
  static open(file: string): Out {
    return file === '-' ? new Out(process.stdout, false) : new Out(createWriteStream(file), true);
  }
  async write(chunk: string): Promise<void> {
    if (!this.s.write(chunk)) await once(this.s, 'drain');
  }
  async close(): Promise<void> {
    if (!this.own) return;
    const s = this.s as WriteStream;
    s.end();
    await once(s, 'close');
  }
}

async function context(store: IntelStore, feed: boolean): Promise<MispShapeContext> {
  const orgs = new Map((await store.listOrgs()).map((o) => [o.id, o]));
  const sharingGroups = new Map((await store.listSharingGroups()).map((g) => [g.id, g]));
  return { orgs, sharingGroups, feed };
}

/** Writes the export and returns what was written. */
export async function runExport(store: IntelStore, opts: ExportOptions): Promise<ExportSummary> {
  const iter = store.iterateEvents(opts.viewer, opts.maxTlp ? { maxTlp: opts.maxTlp } : {});
  const summary: ExportSummary = { format: opts.format, out: opts.out, events: 0, attributes: 0 };
  if (opts.format === 'feed') {
    if (opts.out === '-') throw new RenkeiError('bad_request', 'a feed export needs a directory');
    await mkdir(opts.out, { recursive: true });
    const ctx = await context(store, true);
    const manifest: Record<string, unknown> = {};
    const hashes = Out.open(path.join(opts.out, 'hashes.csv'));
    for await (const fe of iter) {
      const doc = eventToMisp(fe, ctx);
      await writeFile(path.join(opts.out, `${fe.event.uuid}.json`), JSON.stringify(doc));
      const e = doc.Event;
      manifest[fe.event.uuid] = {
        Orgc: e.Orgc, Tag: e.Tag, info: e.info, date: e.date, analysis: Number(e.analysis),
        threat_level_id: Number(e.threat_level_id), timestamp: Number(e.timestamp),
      };
      for (const a of fe.attributes) {
        for (const part of a.type.includes('|') ? a.value.split('|') : [a.value]) {
          await hashes.write(`${createHash('md5').update(part).digest('hex')},${fe.event.uuid}\n`);
        }
      }
      summary.events++;
      summary.attributes += fe.attributes.length;
    }
    await hashes.close();
    await writeFile(path.join(opts.out, 'manifest.json'), JSON.stringify(manifest, null, 1));
    return summary;
  }
  const out = Out.open(opts.out);
  try {
    if (opts.format === 'misp') {
      const ctx = await context(store, false);
      await out.write('{"response":[');
      for await (const fe of iter) {
        await out.write(`${summary.events ? ',' : ''}\n${JSON.stringify(eventToMisp(fe, ctx))}`);
        summary.events++;
        summary.attributes += fe.attributes.length;
      }
      await out.write('\n]}\n');
    } else if (opts.format === 'csv') {
      await out.write(csvHeader());
      for await (const fe of iter) {
        await out.write(csvRows(fe));
        summary.events++;
        summary.attributes += fe.attributes.length;
      }
    } else if (opts.format === 'text') {
      const seen = new Set<string>();
      for await (const fe of iter) {
        let chunk = '';
        for (const a of fe.attributes) {
          if (a.deleted || seen.has(a.value) || /[\r\n]/.test(a.value)) continue;
          seen.add(a.value);
          chunk += `${a.value}\n`;
        }
        await out.write(chunk);
        summary.events++;
        summary.attributes += fe.attributes.length;
      }
    } else {
      const seen = new Set<string>();
      const invalid: StixProblem[] = [];
      let n = 0;
      await out.write(`{"type":"bundle","id":"bundle--${randomUUID()}","objects":[`);
      for await (const fe of iter) {
        const objects = eventsToStix([fe]).filter((o) => {
          if (o.type !== 'indicator' && o.type !== 'report' && seen.has(o.id)) return false;
          seen.add(o.id);
          return true;
        });
        for (const p of validateStix(objects, opts.stixSchemas).errors) invalid.push({ ...p, index: n + p.index });
        for (const o of objects) await out.write(`${n++ ? ',' : ''}\n${JSON.stringify(o)}`);
        summary.events++;
        summary.attributes += fe.attributes.length;
      }
      await out.write('\n]}\n');
      summary.objects = n;
      summary.invalid = invalid;
    }
  } finally {
    await out.close();
  }
  return summary;
}

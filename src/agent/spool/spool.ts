/**
 * The agent's on-disk spool: `state.json` (cursors, open hours, pending batch ids) and `outbox/<id>.json`.
 * A batch counts as queued only once a committed state lists it, so a kill between writing a batch file
 * and committing the state leaves an orphan that is deleted on restart and regenerated from the old
 * cursors: nothing is lost and nothing is sent twice under two ids.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync, existsSync } from 'node:fs';
import path from 'node:path';
import { RenkeiError } from '../../core/errors.ts';
import type { Cursor } from '../run/ingest.ts';
import type { PipelineSnapshot } from '../pipeline/pipeline.ts';

/** Everything needed to resume exactly where the last commit left off. */
export interface AgentState {
  version: 1;
  sketchSalt: string | null;
  /** The sensor id used when none is configured: random on first start, never the host name. */
  sensorId?: string;
  cursors: Cursor[];
  pipeline: PipelineSnapshot | null;
  pending: string[];
  sent: number;
}

/** A fresh state. */
export function freshState(): AgentState {
  return { version: 1, sketchSalt: null, cursors: [], pipeline: null, pending: [], sent: 0 };
}

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

/** File-system spool in one directory. */
export class Spool {
  readonly dir: string;
  readonly #outbox: string;
  readonly #state: string;

  constructor(dir: string) {
    this.dir = dir;
    this.#outbox = path.join(dir, 'outbox');
    this.#state = path.join(dir, 'state.json');
    try {
      mkdirSync(this.#outbox, { recursive: true, mode: 0o700 });
    } catch (e) {
      throw new RenkeiError('config_invalid', `cannot create spool directory ${dir}: ${(e as Error).message}`);
    }
  }

  /** The last committed state, or a fresh one. */
  load(): AgentState {
    if (!existsSync(this.#state)) return freshState();
    try {
      const s = JSON.parse(readFileSync(this.#state, 'utf8')) as AgentState;
      if (s.version !== 1 || !Array.isArray(s.pending)) throw new Error('unknown state version');
      return s;
    } catch (e) {
      throw new RenkeiError('config_invalid', `spool state ${this.#state} is unreadable: ${(e as Error).message}`);
    }
  }

  /** Atomically replaces the committed state. */
  commit(state: AgentState): void {
    writeAtomic(this.#state, JSON.stringify(state));
  }

  /** Writes a batch body (not yet queued until a commit lists its id). */
  writeBatch(id: string, body: string): void {
    writeAtomic(path.join(this.#outbox, `${id}.json`), body);
  }

  /** Reads a queued batch body. */
  readBatch(id: string): string {
    return readFileSync(path.join(this.#outbox, `${id}.json`), 'utf8');
  }

  /** Deletes a batch file. */
  removeBatch(id: string): void {
    rmSync(path.join(this.#outbox, `${id}.json`), { force: true });
  }

  /** Moves a batch the hub refused as invalid aside, so it is kept for inspection but not retried. */
  quarantine(id: string): void {
    const dir = path.join(this.dir, 'refused');
    mkdirSync(dir, { recursive: true });
    renameSync(path.join(this.#outbox, `${id}.json`), path.join(dir, `${id}.json`));
  }

  /** Deletes outbox files that no committed state lists (left by a kill before a commit). */
  removeOrphans(pending: readonly string[]): number {
    const keep = new Set(pending.map((id) => `${id}.json`));
    let n = 0;
    for (const f of readdirSync(this.#outbox)) {
      if (!keep.has(f)) {
        rmSync(path.join(this.#outbox, f), { force: true });
        n++;
      }
    }
    return n;
  }
}

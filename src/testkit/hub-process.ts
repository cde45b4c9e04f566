/**
 * A hub in a real child process (`renkei hub serve`), for crash-safety tests that SIGKILL it. The
 * database is prepared in-process first with `prepareHubDb`; the child only serves it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/renkei.js');

export interface HubProcess {
  url: string;
  child: ChildProcess;
  /** Everything the child wrote to stderr so far. */
  stderr(): string;
  /** Resolves with the exit code and signal once the child is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns `renkei hub serve` on an ephemeral port; resolves once it listens. */
export async function spawnHub(env: Record<string, string>): Promise<HubProcess> {
  const child = spawn(process.execPath, [BIN, 'hub', 'serve', '--host', '127.0.0.1', '--port', '0'], {
    env: { ...process.env, RENKEI_HUB_ENRICH: 'false', RENKEI_HUB_WEB_DIR: '/nonexistent', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start: ${err}`)), 60_000);
    child.stderr!.on('data', (c: Buffer) => {
      err += c.toString();
      const m = /listening on (http\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`hub exited (${code ?? signal}) before listening: ${err}`));
    });
  });
  return { url, child, stderr: () => err, exited };
}

/** SIGKILLs the hub and waits until the process is gone. */
export async function killHub(h: HubProcess): Promise<void> {
  h.child.kill('SIGKILL');
  await h.exited;
}

/**
 * A nats-server process of a test's own (its own config on a free loopback port), for what the shared
 * server at 127.0.0.1:4222 cannot show: users, permissions, refused credentials. scripts/test-env.sh
 * installs the Debian package.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import net from 'node:net';

/** A free loopback TCP port (bound and released: the server takes it right after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

const binary = (): string => (existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server');

function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = net.connect(port, '127.0.0.1');
    c.once('connect', () => (c.destroy(), resolve(true)));
    c.once('error', () => resolve(false));
  });
}

export interface TestNatsServer {
  url: string;
  process: ChildProcess;
  /** Output so far (for a failing test's message). */
  log(): string;
  close(): Promise<void>;
}

/** Writes `config` to `confFile`, validates it (`-t`), starts the server and waits until it accepts. */
export async function startNatsServer(confFile: string, config: string, port: number): Promise<TestNatsServer> {
  writeFileSync(confFile, config, { mode: 0o600 });
  const check = spawn(binary(), ['-c', confFile, '-t'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let checkOut = '';
  check.stdout!.on('data', (d: Buffer) => (checkOut += d.toString()));
  check.stderr!.on('data', (d: Buffer) => (checkOut += d.toString()));
  const code = await new Promise<number | null>((resolve) => check.once('exit', resolve));
  if (code !== 0) throw new Error(`nats-server -t refused the config: ${checkOut}`);
  const p = spawn(binary(), ['-c', confFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  p.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  p.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  for (let i = 0; i < 100 && !(await accepting(port)); i++) {
    if (p.exitCode !== null) throw new Error(`nats-server exited: ${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `nats://127.0.0.1:${port}`,
    process: p,
    log: () => out,
    async close() {
      if (p.exitCode !== null) return;
      const gone = new Promise((r) => p.once('exit', r));
      p.kill('SIGTERM');
      await gone;
    },
  };
}

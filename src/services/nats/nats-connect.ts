/**
 * One way for every Renkei process to open its NATS connection: a credentials file is either a NATS
 * `.creds` file (user JWT + nkey seed, operator mode) or the `user:`/`password:` file `renkei hub
 * nats-config` writes for a static-accounts server. Reconnects forever: a node behind a firewall keeps
 * dialling out until the hub's NATS is back.
 */
import { readFileSync } from 'node:fs';
import { connect, credsAuthenticator, usernamePasswordAuthenticator, type NatsConnection } from '@nats-io/transport-node';

export interface NatsCreds {
  user: string;
  password: string;
  /** The inbox prefix the server lets this user read (agents' files carry one; default `_INBOX`). */
  inboxPrefix?: string;
  /** Where this user publishes statistics batches (agents' files). */
  statsSubject?: string;
}

/** Parses a `user: …` / `password: …` credentials file (null when it is not one). */
export function parsePasswordCreds(text: string): NatsCreds | null {
  const field = (name: string): string | undefined => new RegExp(`^\\s*${name}\\s*:\\s*(\\S+)\\s*$`, 'm').exec(text)?.[1];
  const user = field('user');
  const password = field('password');
  if (!user || !password) return null;
  const inboxPrefix = field('inbox_prefix');
  const statsSubject = field('stats_subject');
  return { user, password, ...(inboxPrefix ? { inboxPrefix } : {}), ...(statsSubject ? { statsSubject } : {}) };
}

/** The user a credentials file names (the member token for files `nats-config` wrote), or null. */
export function credsUser(file: string): string | null {
  return parsePasswordCreds(readFileSync(file, 'utf8'))?.user ?? null;
}

/** Connects to `url` (comma-separated servers allowed) with the credentials in `credsFile`, if any. */
export async function natsConnect(url: string, opts: { credsFile?: string | null; name: string; waitOnFirstConnect?: boolean }): Promise<NatsConnection> {
  let authenticator;
  let inboxPrefix: string | undefined;
  if (opts.credsFile) {
    const text = readFileSync(opts.credsFile, 'utf8');
    if (text.includes('BEGIN NATS USER JWT')) authenticator = credsAuthenticator(new TextEncoder().encode(text));
    else {
      const c = parsePasswordCreds(text);
      if (!c) throw new Error(`${opts.credsFile}: neither a NATS .creds file nor user:/password: lines`);
      authenticator = usernamePasswordAuthenticator(c.user, c.password);
      inboxPrefix = c.inboxPrefix;
    }
  }
  return connect({
    servers: url.split(',').map((s) => s.trim()).filter(Boolean),
    name: opts.name,
    maxReconnectAttempts: -1,
    waitOnFirstConnect: opts.waitOnFirstConnect ?? false,
    ...(authenticator ? { authenticator } : {}),
    ...(inboxPrefix ? { inboxPrefix } : {}),
  });
}

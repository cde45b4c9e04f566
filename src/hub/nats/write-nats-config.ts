/**
 * `renkei hub nats-config`: writes `nats-server.conf`, `hub.creds` and `members/<token>.creds` for the
 * hub's NATS members (sources with a `nats:<token>` URL) into a directory, and with JetStream on also
 * `agents/<token>.creds` for each member's statistics agents. Passwords already written there are kept,
 * so rerunning it after adding a member does not break the running nodes and agents.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { natsMemberOf } from '../../contracts/federation-nats.ts';
import { RenkeiError } from '../../core/errors.ts';
import type { MemberStore } from '../../storage/hub/port.ts';
import { statsSubjectOf, STATS_SUBJECT } from '../../contracts/stats-nats.ts';
import { agentInboxPrefix, agentNatsUser, HUB_NATS_USER, natsCredsFile, natsServerConfig, type NatsUser } from './nats-server-config.ts';

/** The password of an existing credentials file for `user`, or a fresh one. */
function passwordFor(file: string, user: string): string {
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8');
    const u = /^user:\s*(\S+)\s*$/m.exec(text)?.[1];
    const p = /^password:\s*(\S+)\s*$/m.exec(text)?.[1];
    if (u === user && p) return p;
  }
  return randomBytes(24).toString('base64url');
}

function writeSecret(file: string, text: string): void {
  writeFileSync(file, text, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** Writes the files; returns the member tokens configured and the config path. */
export async function writeNatsConfig(
  store: Pick<MemberStore, 'listSources'>,
  opts: { dir: string; listen: string; jetstreamDir?: string; statsStream?: string; statsSubject?: string },
): Promise<{ configFile: string; hubCreds: string; members: { member: string; creds: string }[]; agents: { member: string; creds: string }[] }> {
  const tokens = [...new Set((await store.listSources()).filter((s) => s.kind === 'renkei').map((s) => natsMemberOf(s.url)).filter((t): t is string => t !== null))].sort();
  if (tokens.includes(HUB_NATS_USER)) throw new RenkeiError('conflict', `member token "${HUB_NATS_USER}" is the hub's own NATS user: give that member another nats: token`);
  mkdirSync(path.join(opts.dir, 'members'), { recursive: true, mode: 0o700 });
  const hubCreds = path.join(opts.dir, 'hub.creds');
  const hub: NatsUser = { user: HUB_NATS_USER, password: passwordFor(hubCreds, HUB_NATS_USER) };
  writeSecret(hubCreds, natsCredsFile(hub, 'the hub (RENKEI_HUB_NATS_CREDS)'));
  const members = tokens.map((member) => {
    const creds = path.join(opts.dir, 'members', `${member}.creds`);
    const u: NatsUser = { user: member, password: passwordFor(creds, member) };
    writeSecret(creds, natsCredsFile(u, `member node ${member} (renkei node --nats-creds)`));
    return { member, creds, user: u };
  });
  // Agents publish statistics over JetStream, so they exist only when the config turns it on.
  if (opts.jetstreamDir) mkdirSync(path.join(opts.dir, 'agents'), { recursive: true, mode: 0o700 });
  const agents = (opts.jetstreamDir ? tokens : []).map((member) => {
    const creds = path.join(opts.dir, 'agents', `${member}.creds`);
    const u: NatsUser = { user: agentNatsUser(member), password: passwordFor(creds, agentNatsUser(member)) };
    const statsSubject = statsSubjectOf(member, opts.statsSubject ?? STATS_SUBJECT);
    writeSecret(creds, natsCredsFile(u, `statistics agents of member ${member}`, { inboxPrefix: agentInboxPrefix(member), statsSubject }));
    return { member, creds, user: { ...u, member } };
  });
  const configFile = path.join(opts.dir, 'nats-server.conf');
  writeSecret(
    configFile,
    natsServerConfig({
      listen: opts.listen,
      hub,
      members: members.map((m) => m.user),
      agents: agents.map((a) => a.user),
      ...(opts.jetstreamDir ? { jetstreamDir: opts.jetstreamDir } : {}),
      ...(opts.statsStream ? { statsStream: opts.statsStream } : {}),
      ...(opts.statsSubject ? { statsSubject: opts.statsSubject } : {}),
    }),
  );
  const files = (l: { member: string; creds: string }[]) => l.map(({ member, creds }) => ({ member, creds }));
  return { configFile, hubCreds, members: files(members), agents: files(agents) };
}

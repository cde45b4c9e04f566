/**
 * The nats-server configuration isolating members from each other and from the hub (static users with
 * permissions; nats-server 2.9 syntax). Each member's user may only subscribe to its own subjects and
 * publish nothing but replies to requests it received, so it cannot read another member's requests or
 * answers (those go to the hub's inboxes, which only the hub may subscribe to) and cannot send requests
 * as the hub. The hub's user may publish requests to members' subjects and read its inboxes only, and
 * signal the other hubs on the hub bus (which members can neither read nor write).
 * With JetStream on, each member also gets an agent user that may publish statistics batches to its own
 * stats subject only and read its own inbox (the stream's acknowledgements); the hub's user may manage
 * the stats stream and its consumer and acknowledge messages, and nobody else may call the JetStream API.
 */
import { nodeSubjects, NODE_SUBJECT_ROOT } from '../../contracts/federation-nats.ts';
import { STATS_STREAM, STATS_SUBJECT, statsSubjectOf } from '../../contracts/stats-nats.ts';
import { BUS_SUBJECT_PREFIX } from '../bus/nats-bus.ts';

export interface NatsUser {
  user: string;
  password: string;
}

export interface NatsServerConfigInput {
  /** `host:port` the server listens on. */
  listen: string;
  hub: NatsUser;
  /** One user per member; `user` is the member token. */
  members: NatsUser[];
  /** JetStream store directory (JetStream off when absent). */
  jetstreamDir?: string;
  /** One agent user per member (`member` is its token); written only with JetStream on. */
  agents?: (NatsUser & { member: string })[];
  /** The hub's stats stream and subject (`config.nats.statsStream`/`statsSubject`). */
  statsStream?: string;
  statsSubject?: string;
}

/** User name of the hub's own NATS user (`nats-config` refuses a member token equal to it). */
export const HUB_NATS_USER = 'renkei-hub';

/** Inbox prefix of the hub's connection: replies to the hub land only there. */
export const HUB_INBOX_PREFIX = '_INBOX';

/** The NATS user of `member`'s statistics agents (a dot cannot occur in a member token, so no clash). */
export const agentNatsUser = (member: string): string => `${member}.agent`;

/** Inbox prefix of `member`'s agents: outside `_INBOX`, so they never see the hub's replies. */
export const agentInboxPrefix = (member: string): string => `_RENKEI_AGENT.${member}`;

const q = (s: string): string => JSON.stringify(s);
const list = (subjects: string[]): string => `[${subjects.map(q).join(', ')}]`;

/** What the hub's stats consumer calls: stream and consumer management of the stats stream, pulls, acks. */
function hubJetStreamSubjects(stream: string): string[] {
  return ['$JS.API.INFO', `$JS.API.STREAM.INFO.${stream}`, `$JS.API.STREAM.CREATE.${stream}`, `$JS.API.STREAM.UPDATE.${stream}`, `$JS.API.CONSUMER.*.${stream}.>`, `$JS.API.CONSUMER.*.*.${stream}.>`, `$JS.ACK.${stream}.>`];
}

/** The configuration text. */
export function natsServerConfig(cfg: NatsServerConfigInput): string {
  const bus = `${BUS_SUBJECT_PREFIX}.>`;
  const js = cfg.jetstreamDir !== undefined;
  const hubPublish = [`${NODE_SUBJECT_ROOT}.*.>`, bus, ...(js ? hubJetStreamSubjects(cfg.statsStream ?? STATS_STREAM) : [])];
  const hub = `    { user: ${q(cfg.hub.user)}, password: ${q(cfg.hub.password)}, permissions: { publish: { allow: ${list(hubPublish)} }, subscribe: { allow: ${list([`${HUB_INBOX_PREFIX}.>`, bus])} } } }`;
  // An agent publishes a batch to its own subject and gets the stream's acknowledgement in its inbox; it
  // needs no JetStream API call for that, so it gets none (it cannot read, consume or delete the stream).
  const agents = (js ? (cfg.agents ?? []) : []).map(
    (a) =>
      `    { user: ${q(a.user)}, password: ${q(a.password)}, permissions: { publish: { allow: ${list([statsSubjectOf(a.member, cfg.statsSubject ?? STATS_SUBJECT)])} }, subscribe: { allow: ${list([`${agentInboxPrefix(a.member)}.>`])} } } }`,
  );
  const members = cfg.members.map(
    (m) =>
      `    { user: ${q(m.user)}, password: ${q(m.password)}, permissions: { publish: { deny: [">"] }, subscribe: { allow: [${q(nodeSubjects(m.user))}] }, allow_responses: { max: 1, expires: "5m" } } }`,
  );
  return [
    '# Written by `renkei hub nats-config`: one user per member (its own subjects only), one per member\'s agents',
    '# (its own statistics subject only, with JetStream) and one for the hub.',
    `listen: ${q(cfg.listen)}`,
    ...(cfg.jetstreamDir ? [`jetstream { store_dir: ${q(cfg.jetstreamDir)} }`] : []),
    'authorization {',
    '  users: [',
    [hub, ...members, ...agents].join('\n'),
    '  ]',
    '}',
    '',
  ].join('\n');
}

/** The credentials file a process reads with `--nats-creds` / RENKEI_*_NATS_CREDS. */
export function natsCredsFile(u: NatsUser, what: string, extra: { inboxPrefix?: string; statsSubject?: string } = {}): string {
  const lines = [`# Renkei NATS credentials: ${what}. Keep secret (mode 0600).`, `user: ${u.user}`, `password: ${u.password}`];
  if (extra.inboxPrefix) lines.push(`inbox_prefix: ${extra.inboxPrefix}`);
  if (extra.statsSubject) lines.push(`stats_subject: ${extra.statsSubject}`);
  return `${lines.join('\n')}\n`;
}

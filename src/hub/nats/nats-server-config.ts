/**
 * The nats-server configuration isolating members from each other and from the hub (static users with
 * permissions; nats-server 2.9 syntax). Each member's user may only subscribe to its own subjects and
 * publish nothing but replies to requests it received, so it cannot read another member's requests or
 * answers (those go to the hub's inboxes, which only the hub may subscribe to) and cannot send requests
 * as the hub. The hub's user may publish requests to members' subjects and read its inboxes only, and
 * signal the other hubs on the hub bus (which members can neither read nor write).
 */
import { nodeSubjects, NODE_SUBJECT_ROOT } from '../../contracts/federation-nats.ts';
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
}

/** User name of the hub's own NATS user (`nats-config` refuses a member token equal to it). */
export const HUB_NATS_USER = 'renkei-hub';

/** Inbox prefix of the hub's connection: replies to the hub land only there. */
export const HUB_INBOX_PREFIX = '_INBOX';

const q = (s: string): string => JSON.stringify(s);

/** The configuration text. */
export function natsServerConfig(cfg: NatsServerConfigInput): string {
  const bus = q(`${BUS_SUBJECT_PREFIX}.>`);
  const hub = `    { user: ${q(cfg.hub.user)}, password: ${q(cfg.hub.password)}, permissions: { publish: { allow: [${q(`${NODE_SUBJECT_ROOT}.*.>`)}, ${bus}] }, subscribe: { allow: [${q(`${HUB_INBOX_PREFIX}.>`)}, ${bus}] } } }`;
  const members = cfg.members.map(
    (m) =>
      `    { user: ${q(m.user)}, password: ${q(m.password)}, permissions: { publish: { deny: [">"] }, subscribe: { allow: [${q(nodeSubjects(m.user))}] }, allow_responses: { max: 1, expires: "5m" } } }`,
  );
  return [
    '# Written by `renkei hub nats-config`: one user per member (its own subjects only) and one for the hub.',
    `listen: ${q(cfg.listen)}`,
    ...(cfg.jetstreamDir ? [`jetstream { store_dir: ${q(cfg.jetstreamDir)} }`] : []),
    'authorization {',
    '  users: [',
    [hub, ...members].join('\n'),
    '  ]',
    '}',
    '',
  ].join('\n');
}

/** The credentials file a process reads with `--nats-creds` / RENKEI_*_NATS_CREDS. */
export function natsCredsFile(u: NatsUser, what: string): string {
  return `# Renkei NATS credentials: ${what}. Keep secret (mode 0600).\nuser: ${u.user}\npassword: ${u.password}\n`;
}

/** Starts NATS serving from the node's config (`natsUrl`, `natsCreds`, `natsMember`), or nothing. */
import { RenkeiError } from '../../core/errors.ts';
import { credsUser } from '../../services/nats/nats-connect.ts';
import type { NodeContext } from '../context.ts';
import { serveOverNats, type NatsServing } from './serve-nats.ts';

/** Dials out when the config names a NATS URL; the member token defaults to the credentials' user. */
export async function startNatsFromConfig(ctx: NodeContext): Promise<NatsServing | null> {
  const { natsUrl, natsCreds, natsMember } = ctx.config;
  if (!natsUrl) return null;
  const member = natsMember ?? (natsCreds ? credsUser(natsCreds) : null);
  if (!member) throw new RenkeiError('config_invalid', 'NATS serving needs the member token: set RENKEI_NATS_MEMBER (--nats-member) or use a credentials file naming the user');
  const serving = await serveOverNats(ctx, { url: natsUrl, creds: natsCreds ?? null, member });
  ctx.log.info({ member, subjects: `renkei.v1.node.${member}.>` }, 'serving federation over NATS');
  return serving;
}

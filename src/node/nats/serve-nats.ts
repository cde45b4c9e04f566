/**
 * The node dialling out to the hub's NATS: it subscribes to `renkei.v1.node.<member>.>` in one queue
 * group (several replicas of a member's node share the load, one answers each request) and serves the
 * federation API with the handlers the HTTP routes use. Nothing listens inbound: a node behind a
 * firewall that only allows outgoing connections is a full member.
 */
import { headers as natsHeaders, type Msg, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { ON_BEHALF_HEADER } from '../../contracts/federation.ts';
import { ERROR_HEADER, NatsHitsRequest, NODE_QUEUE_GROUP, nodeSubjects } from '../../contracts/federation-nats.ts';
import { parseRequest } from '../../contracts/parse-request.ts';
import { RenkeiError } from '../../core/errors.ts';
import { normaliseError } from '../../http/normalise-error.ts';
import { natsConnect } from '../../services/nats/nats-connect.ts';
import { admit } from '../admit.ts';
import type { Credentials } from '../auth.ts';
import type { NodeContext } from '../context.ts';
import { FEDERATION_HITS_ROLES, serveFederationHits } from '../federation/serve-hits.ts';
import { FEDERATION_FEEDBACK_ROLES, serveFederationFeedback } from '../federation/serve-feedback.ts';
import { FEDERATION_SEARCH_ROLES } from '../routes/federation/search.ts';
import { serveFederationSearch } from '../federation/serve-search.ts';

export interface NatsServing {
  readonly member: string;
  readonly connection: NatsConnection;
  /** Stops taking requests, lets running ones answer, and closes the connection. */
  close(): Promise<void>;
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** Parses a message body as JSON (an empty body is `{}`), as the HTTP edge parses a request body. */
function jsonBody(m: Msg): unknown {
  if (m.data.length === 0) return {};
  try {
    return JSON.parse(decoder.decode(m.data)) as unknown;
  } catch {
    throw new RenkeiError('invalid_json', 'the message body is not JSON');
  }
}

/** Runs one operation for one message; the answer (or its refusal) as bytes and headers. */
async function handle(ctx: NodeContext, op: string, m: Msg, source: Credentials): Promise<unknown> {
  if (op === 'search') {
    await admit(ctx.authenticate, source, FEDERATION_SEARCH_ROLES, `NATS ${op}`);
    return serveFederationSearch(ctx, source, jsonBody(m));
  }
  if (op === 'hits') {
    await admit(ctx.authenticate, source, FEDERATION_HITS_ROLES, `NATS ${op}`);
    return serveFederationHits(ctx, source, parseRequest(NatsHitsRequest, jsonBody(m), 'hits request'));
  }
  if (op === 'feedback') {
    await admit(ctx.authenticate, source, FEDERATION_FEEDBACK_ROLES, `NATS ${op}`);
    return serveFederationFeedback(ctx, source, jsonBody(m));
  }
  throw new RenkeiError('not_found', `no such operation: ${op.slice(0, 40)}`);
}

/** Answers `m` with `body`, or with the refusal `err` became (code header + `{error}` body). */
function reply(ctx: NodeContext, maxPayload: number, m: Msg, body: unknown, err: unknown): void {
  let data: Uint8Array | undefined;
  if (err === null) {
    data = encoder.encode(JSON.stringify(body));
    // Bigger than the server carries: say so, and the hub asks again with smaller batches.
    if (data.length > maxPayload) {
      err = new RenkeiError('payload_too_large', `answer of ${data.length} bytes is over the NATS payload limit`);
    }
  }
  if (err !== null) {
    const n = normaliseError(err, { internalMessage: 'internal error' });
    if (n.status >= 500) ctx.log.error({ err }, 'NATS federation request failed');
    const h = natsHeaders();
    h.set(ERROR_HEADER, n.code);
    m.respond(JSON.stringify({ error: { code: n.code, message: n.message, ...(n.details ? { details: n.details } : {}) } }), { headers: h });
    return;
  }
  m.respond(data);
}

/** Connects to `cfg.url` and serves `cfg.member`'s subjects until `close()`. */
export async function serveOverNats(ctx: NodeContext, cfg: { url: string; creds: string | null; member: string }): Promise<NatsServing> {
  const nc = await natsConnect(cfg.url, { credsFile: cfg.creds, name: `renkei-node-${cfg.member}`, waitOnFirstConnect: true });
  // Headers and framing take a little of the server's limit.
  const maxPayload = (nc.info?.max_payload ?? 1024 * 1024) - 4096;
  const running = new Set<Promise<void>>();
  let refused: unknown = null;
  const sub: Subscription = nc.subscribe(nodeSubjects(cfg.member), {
    queue: NODE_QUEUE_GROUP,
    callback: (err, m) => {
      if (err) {
        refused = err;
        return void ctx.log.error({ err }, 'NATS subscription failed');
      }
      if (!m.reply) return;
      const op = m.subject.slice(m.subject.lastIndexOf('.') + 1);
      // A fresh object per message: the principal is remembered against it, as against an HTTP request.
      const authorization = m.headers?.get('authorization') ?? '';
      const onBehalf = m.headers?.get(ON_BEHALF_HEADER) ?? '';
      const source: Credentials = { headers: { ...(authorization ? { authorization } : {}), ...(onBehalf ? { [ON_BEHALF_HEADER]: onBehalf } : {}) } };
      const p = handle(ctx, op, m, source)
        .then(
          (body) => reply(ctx, maxPayload, m, body, null),
          (e: unknown) => reply(ctx, maxPayload, m, null, e),
        )
        // A reply that cannot be sent (connection closing) is logged; the hub sees a timeout or no responders.
        .catch((err: unknown) => ctx.log.error({ err }, 'NATS reply failed'))
        .finally(() => running.delete(p));
      running.add(p);
    },
  });
  // The server answers the flush after judging the subscription: a refusal has arrived by then.
  await nc.flush();
  if (refused !== null) {
    await nc.close().catch(() => undefined);
    throw new RenkeiError('forbidden', `NATS refused the subscription to ${nodeSubjects(cfg.member)} (are these credentials for member ${cfg.member}?)`, undefined, { cause: refused });
  }
  return {
    member: cfg.member,
    connection: nc,
    async close() {
      sub.unsubscribe();
      await Promise.allSettled([...running]);
      await nc.drain().catch(() => undefined);
    },
  };
}

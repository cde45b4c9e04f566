/**
 * Child process of the benchmarks: serves the node database named on the command line and prints its URL;
 * with a NATS URL and member token after it, it also dials out and serves federation over NATS.
 */
import { createNode } from '../src/node/create-node.ts';
import { parseNodeConfig } from '../src/node/config.ts';

const db = process.argv[2];
const [natsUrl, natsMember] = [process.argv[3], process.argv[4]];
if (!db) throw new Error('usage: lib-node-server.ts DB');
// The rate limit is lifted: the load benchmark measures the service, not the limiter.
const node = await createNode(parseNodeConfig({ db, port: 0, logLevel: 'silent', rateLimitMax: 10_000_000, ...(natsUrl && natsMember ? { natsUrl, natsMember } : {}) }));
process.stdout.write(`${await node.listen()}\n`);
process.once('SIGTERM', () => void node.close().then(() => process.exit(0)));

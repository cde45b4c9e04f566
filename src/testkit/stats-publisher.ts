/**
 * A publishing agent in its own process, for crash tests: publishes every batch of a JSON file over
 * JetStream (message id = batch id), one at a time, printing `published <n>` after each confirmation.
 * Like a real agent after a crash, it starts over from the first batch unconfirmed in its spool, which
 * here is simply the first one: the stream drops the resends. Usage: FILE NATS_URL SUBJECT API_KEY.
 */
import { readFileSync } from 'node:fs';
import { connect } from '@nats-io/transport-node';
import { publishStatsBatch } from '../services/nats/publish-stats.ts';

const [file, url, subject, key] = process.argv.slice(2);
if (!file || !url || !subject || !key) throw new Error('usage: stats-publisher.ts FILE NATS_URL SUBJECT API_KEY');
const batches = JSON.parse(readFileSync(file, 'utf8')) as { batchId: string }[];
const nc = await connect({ servers: url });
for (const [i, b] of batches.entries()) {
  await publishStatsBatch(nc, JSON.stringify(b), b.batchId, key, subject);
  process.stdout.write(`published ${i + 1}\n`);
}
await nc.drain();

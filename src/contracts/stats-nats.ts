/**
 * Statistics over JetStream: an agent publishes each batch (the JSON body of `POST /api/v1/stats/ingest`)
 * to the stats subject with its API key in the `authorization` header and `Nats-Msg-Id` = the batch id.
 * The stream keeps ids for `STATS_DUPLICATE_WINDOW_MS` (a resend within it is dropped by the server);
 * the hub's durable pull consumer ingests with the store's unique batch id (a redelivery is a duplicate)
 * and double-acknowledges, so each batch counts once.
 */
export const STATS_STREAM = 'RENKEI_STATS';
export const STATS_SUBJECT = 'renkei.v1.stats.ingest';
/**
 * The subject a member's agents publish to: the stats subject plus the member token, so a NATS server
 * can let each member's agents publish there only (`renkei hub nats-config`). The stream takes both the
 * bare subject and every `<subject>.<member>`; attribution still comes from the batch's API key.
 */
export const statsSubjectOf = (member: string, subject = STATS_SUBJECT): string => `${subject}.${member}`;
export const STATS_CONSUMER = 'renkei-hub-ingest';
/** Longer than any agent's retry horizon (the issue asks for at least one hour). */
export const STATS_DUPLICATE_WINDOW_MS = 2 * 3600_000;

/** The JetStream message id of a batch: its batch id (agents make it unique and keep it across retries). */
export const statsMsgId = (batchId: string): string => `stats-${batchId}`;

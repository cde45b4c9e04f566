/**
 * How one queued notification leaves the hub: e-mail through SMTP (nodemailer) or an HMAC-signed webhook.
 * The idempotency key travels with every attempt (Message-ID / `Idempotency-Key`), so a receiver drops the
 * repeat that at-least-once delivery sends after a crash between "sent" and "marked sent".
 */
import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { OutboxRow } from '../../storage/notifications/port.ts';

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  user?: string | undefined;
  pass?: string | undefined;
  from: string;
}

/** Sends one row; throws with a short reason when the receiver refuses or cannot be reached. */
export type Deliver = (row: OutboxRow, webhookSecret: string | null) => Promise<void>;

/** Signature a webhook receiver recomputes: `sha256=` HMAC-SHA256 of `<timestamp>.<body>` under the member's secret. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The delivery function for a hub: one SMTP transport (pooled connections), webhooks with a timeout. */
export function createDelivery(smtp: SmtpSettings | null, opts: { timeoutMs: number; now: () => number }): { deliver: Deliver; close(): void } {
  const transport = smtp
    ? nodemailer.createTransport({
        // Pooled: a digest run hands many messages to the relay over a few kept-open connections
        // instead of a TCP + EHLO handshake per message.
        pool: true,
        maxConnections: 5,
        maxMessages: 500,
        host: smtp.host,
        port: smtp.port,
        secure: smtp.secure,
        // Plain SMTP on loopback in tests and relays inside an operator's network; STARTTLS when offered.
        ignoreTLS: !smtp.secure && smtp.host === '127.0.0.1',
        connectionTimeout: opts.timeoutMs,
        greetingTimeout: opts.timeoutMs,
        socketTimeout: opts.timeoutMs,
        ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.pass ?? '' } } : {}),
      })
    : null;
  const deliver: Deliver = async (row, secret) => {
    if (row.channel === 'email') {
      if (!transport || !smtp) throw new Error('no SMTP server configured');
      // X-ARF and CSV directives travel as an attachment; the digest is the text itself.
      const attachment = row.contentType ? { filename: `renkei-${row.ticket}.${row.contentType === 'text/csv' ? 'csv' : 'json'}`, content: row.body, contentType: row.contentType } : null;
      await transport.sendMail({
        from: smtp.from,
        to: row.target,
        subject: row.subject,
        text: attachment ? `${row.subject}\n` : row.body,
        ...(attachment ? { attachments: [attachment] } : {}),
        messageId: `<${row.idempotencyKey}@renkei>`,
        headers: { 'X-Renkei-Ticket': row.ticket },
      });
      return;
    }
    if (!secret) throw new Error('webhook has no signing secret');
    const ts = String(Math.floor(opts.now() / 1000));
    const res = await fetch(row.target, {
      method: 'POST',
      headers: {
        'content-type': row.contentType === 'text/csv' ? 'text/csv; charset=utf-8' : 'application/json',
        'idempotency-key': row.idempotencyKey,
        'x-renkei-ticket': row.ticket,
        'x-renkei-timestamp': ts,
        'x-renkei-signature': webhookSignature(secret, ts, row.body),
      },
      body: row.body,
      signal: AbortSignal.timeout(opts.timeoutMs),
      redirect: 'error',
    });
    await res.body?.cancel();
    if (!res.ok) throw new Error(`webhook answered HTTP ${res.status}`);
  };
  return { deliver, close: () => transport?.close() };
}

/**
 * A real SMTP receiver on loopback for tests (RFC 5321 subset: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP,
 * QUIT; no TLS, no AUTH). Each accepted message is kept with its envelope and raw text. No package
 * listed in the project's dependencies provides a server, so it is written on node:net.
 */
import net from 'node:net';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** Headers and body as received (dot-stuffing removed). */
  raw: string;
}

export interface SmtpReceiver {
  port: number;
  mails: ReceivedMail[];
  /** Refuse the next `n` messages at DATA with a 451 (a temporary failure). */
  failNext(n: number): void;
  close(): Promise<void>;
}

/** Starts the receiver on 127.0.0.1 (random port). */
export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  let failures = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => undefined);
    sock.setEncoding('utf8');
    let buf = '';
    let from = '';
    let to: string[] = [];
    let data: string[] | null = null;
    const say = (line: string) => sock.write(`${line}\r\n`);
    say('220 renkei-test ESMTP');
    sock.on('data', (chunk: string) => {
      buf += chunk;
      let i: number;
      while ((i = buf.indexOf('\r\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (data) {
          if (line === '.') {
            if (failures > 0) {
              failures--;
              say('451 4.3.0 try again later');
            } else {
              mails.push({ from, to, raw: data.join('\r\n') });
              say('250 2.0.0 queued');
            }
            data = null;
            from = '';
            to = [];
          } else data.push(line.startsWith('..') ? line.slice(1) : line);
          continue;
        }
        const cmd = line.slice(0, 4).toUpperCase();
        if (cmd === 'EHLO') sock.write('250-renkei-test\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n');
        else if (cmd === 'HELO') say('250 renkei-test');
        else if (cmd === 'MAIL') (from = /<([^>]*)>/.exec(line)?.[1] ?? ''), say('250 2.1.0 ok');
        else if (cmd === 'RCPT') (to.push(/<([^>]*)>/.exec(line)?.[1] ?? ''), say('250 2.1.5 ok'));
        else if (cmd === 'DATA') (data = []), say('354 end with <CRLF>.<CRLF>');
        else if (cmd === 'RSET') (from = '', to = [], say('250 ok'));
        else if (cmd === 'NOOP') say('250 ok');
        else if (cmd === 'QUIT') (say('221 bye'), sock.end());
        else say('502 5.5.2 command not implemented');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    mails,
    failNext(n) {
      failures = n;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

const qpDecode = (s: string): string => Buffer.from(s.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');

/**
 * A received message as readable text: encoded words in headers (RFC 2047) and base64 or quoted-printable
 * bodies (each MIME part) decoded, so a test can look for Japanese text and for what must be absent.
 */
export function readableMail(raw: string): string {
  const words = (s: string): string => s.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) => (enc.toLowerCase() === 'b' ? Buffer.from(text, 'base64').toString('utf8') : qpDecode(text.replace(/_/g, ' '))));
  const out: string[] = [];
  let inHeaders = true;
  let encoding = '';
  let body: string[] = [];
  const flush = (): void => {
    const text = body.join('\n');
    out.push(encoding === 'base64' ? Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8') : encoding === 'quoted-printable' ? qpDecode(body.join('\r\n')) : text);
    body = [];
  };
  // Folded header lines are joined first.
  for (const line of raw.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    if (inHeaders) {
      if (line === '') {
        inHeaders = false;
        continue;
      }
      const m = /^content-transfer-encoding:\s*(\S+)/i.exec(line);
      if (m) encoding = m[1]!.toLowerCase();
      out.push(words(line));
    } else if (line.startsWith('--')) {
      flush();
      out.push(line);
      inHeaders = true;
      encoding = '';
    } else body.push(line);
  }
  flush();
  return out.join('\n');
}

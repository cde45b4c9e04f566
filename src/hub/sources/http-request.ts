/**
 * One HTTP exchange with a member source, on node:http(s) so that TLS verification and CA files can be
 * set per source. Failures are classified so fan-out can tell transient from permanent ones.
 */
import http from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';

export type FailureKind = 'unreachable' | 'timeout' | 'dropped' | 'too_large';

/** A transport-level failure (no complete HTTP answer). */
export class SourceTransportError extends Error {
  readonly kind: FailureKind;
  constructor(kind: FailureKind, message: string) {
    super(message);
    this.name = 'SourceTransportError';
    this.kind = kind;
  }
}

export interface HttpOptions {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  verifyTls: boolean;
  caFile: string | null;
  /** Answers larger than this are refused (protects the hub from a runaway source). */
  maxBytes?: number;
}

export interface HttpAnswer {
  status: number;
  text: string;
}

const caCache = new Map<string, Buffer>();
const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 32 }), https: new https.Agent({ keepAlive: true, maxSockets: 32 }) };

/** Sends one request; resolves with any complete HTTP answer, rejects with SourceTransportError. */
export function httpRequest(url: string, opts: HttpOptions): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    if (opts.signal.aborted) return reject(new SourceTransportError('timeout', 'deadline passed'));
    const u = new URL(url);
    const isHttps = u.protocol === 'https:';
    let ca: Buffer | undefined;
    if (isHttps && opts.caFile) {
      ca = caCache.get(opts.caFile);
      if (!ca) {
        try {
          ca = readFileSync(opts.caFile);
        } catch (e) {
          return reject(new SourceTransportError('unreachable', `cannot read CA file: ${(e as Error).message}`));
        }
        caCache.set(opts.caFile, ca);
      }
    }
    const custom = isHttps && (!opts.verifyTls || ca);
    const mod = isHttps ? https : http;
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.body !== undefined) headers['content-length'] = String(Buffer.byteLength(opts.body));
    const req = mod.request(
      u,
      {
        method: opts.method,
        headers,
        agent: custom ? undefined : isHttps ? agents.https : agents.http,
        ...(isHttps ? { rejectUnauthorized: opts.verifyTls, ...(ca ? { ca } : {}) } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let done = false;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (opts.maxBytes && size > opts.maxBytes) {
            done = true;
            req.destroy();
            reject(new SourceTransportError('too_large', `answer larger than ${opts.maxBytes} bytes`));
            return;
          }
          chunks.push(c);
        });
        res.on('end', () => {
          if (done) return;
          done = true;
          if (!res.complete) return reject(new SourceTransportError('dropped', 'connection dropped mid-answer'));
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', () => undefined);
        res.on('close', () => {
          if (done) return;
          done = true;
          reject(new SourceTransportError(opts.signal.aborted ? 'timeout' : 'dropped', opts.signal.aborted ? 'deadline passed' : 'connection dropped mid-answer'));
        });
      },
    );
    const onAbort = (): void => {
      req.destroy(new SourceTransportError('timeout', 'deadline passed'));
    };
    opts.signal.addEventListener('abort', onAbort, { once: true });
    req.on('close', () => opts.signal.removeEventListener('abort', onAbort));
    req.on('error', (e) => {
      if (e instanceof SourceTransportError) return reject(e);
      if (opts.signal.aborted) return reject(new SourceTransportError('timeout', 'deadline passed'));
      const code = (e as NodeJS.ErrnoException).code ?? '';
      const kind: FailureKind = ['ECONNRESET', 'EPIPE'].includes(code) ? 'dropped' : 'unreachable';
      reject(new SourceTransportError(kind, `${code || 'error'}: ${e.message}`));
    });
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

import type { FastifyInstance } from 'fastify';
import { RenkeiError } from '../../core/errors.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes a request body strictly: invalid UTF-8 and malformed JSON are 400s naming the problem. */
export function parseJsonBody(buf: Buffer): unknown {
  let text: string;
  try {
    text = utf8.decode(buf);
  } catch {
    throw new RenkeiError('invalid_encoding', 'request body is not valid UTF-8');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new RenkeiError('invalid_json', `request body is not valid JSON: ${(e as Error).message}`);
  }
}

/** Installs the strict JSON parser for JSON and text bodies (MISP clients sometimes send text/plain). */
export function installJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser(['application/json', 'text/plain']);
  const parser = (_req: unknown, body: Buffer, done: (err: Error | null, body?: unknown) => void) => {
    try {
      done(null, parseJsonBody(body));
    } catch (e) {
      done(e as Error, undefined);
    }
  };
  app.addContentTypeParser(['application/json', 'text/plain'], { parseAs: 'buffer' }, parser);
  app.addContentTypeParser(/^application\/[\w.+-]*\+json$/, { parseAs: 'buffer' }, parser);
}

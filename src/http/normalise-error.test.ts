import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { configError, parseRequest } from '../contracts/parse-request.ts';
import { RenkeiError } from '../core/errors.ts';
import { normaliseError } from './normalise-error.ts';

describe('normaliseError (every HTTP edge)', () => {
  it('maps each kind of thrown value to one status, code and message', () => {
    const fastify = (code: string, statusCode: number, message: string) => Object.assign(new Error(message), { code, statusCode });
    const cases: Array<[unknown, { status: number; code: string; message: string }]> = [
      [new RenkeiError('forbidden', 'no'), { status: 403, code: 'forbidden', message: 'no' }],
      [new RenkeiError('source_unreachable', 'down'), { status: 502, code: 'source_unreachable', message: 'down' }],
      [fastify('FST_ERR_CTP_BODY_TOO_LARGE', 413, 'Request body is too large'), { status: 413, code: 'payload_too_large', message: 'request body is larger than this server accepts' }],
      [fastify('FST_ERR_CTP_INVALID_JSON_BODY', 400, 'Body is not valid JSON'), { status: 400, code: 'invalid_json', message: 'Body is not valid JSON' }],
      [fastify('FST_ERR_CTP_INVALID_MEDIA_TYPE', 415, 'Unsupported Media Type'), { status: 415, code: 'unsupported_media_type', message: 'Unsupported Media Type' }],
      [fastify('FST_ERR_VALIDATION', 400, 'body/x must be string'), { status: 400, code: 'validation_failed', message: 'body/x must be string' }],
      [new SyntaxError('Unexpected token'), { status: 400, code: 'invalid_json', message: 'Unexpected token' }],
      [Object.assign(new Error('slow down'), { statusCode: 429 }), { status: 429, code: 'rate_limited', message: 'slow down' }],
      [Object.assign(new Error('nothing here'), { statusCode: 404 }), { status: 404, code: 'not_found', message: 'nothing here' }],
      [Object.assign(new Error('teapot'), { statusCode: 418 }), { status: 418, code: 'bad_request', message: 'teapot' }],
      [new Error('connection string postgres://secret@db'), { status: 500, code: 'internal', message: 'internal error' }],
      ['a string', { status: 500, code: 'internal', message: 'internal error' }],
      [null, { status: 500, code: 'internal', message: 'internal error' }],
    ];
    for (const [err, want] of cases) expect(normaliseError(err)).toEqual(want);
    expect(normaliseError(new Error('x'), { internalMessage: 'An Internal Error Has Occurred.' }).message).toBe('An Internal Error Has Occurred.');
    expect(normaliseError(new RenkeiError('validation_failed', 'bad', { issues: [1] }))).toEqual({ status: 400, code: 'validation_failed', message: 'bad', details: { issues: [1] } });
  });
});

describe('parseRequest and configError (zod issues formatted once)', () => {
  const Body = z.object({ n: z.number(), s: z.string() }).strict();

  it('returns the parsed value', () => {
    expect(parseRequest(Body, { n: 1, s: 'a' })).toEqual({ n: 1, s: 'a' });
  });

  it('unknown keys are unknown_parameter, other problems validation_failed, with every issue in details', () => {
    const unknown = (() => { try { parseRequest(Body, { n: 1, s: 'a', extra: true }, 'search'); } catch (e) { return e; } })() as RenkeiError;
    expect(unknown.code).toBe('unknown_parameter');
    expect(unknown.message).toBe('invalid search: (root): Unrecognized key: "extra"');
    const bad = (() => { try { parseRequest(Body, { n: 'x' }); } catch (e) { return e; } })() as RenkeiError;
    expect(bad.code).toBe('validation_failed');
    expect(bad.details).toEqual({ issues: [{ path: ['n'], message: expect.any(String) }, { path: ['s'], message: expect.any(String) }] });
    expect(bad.message).toMatch(/^invalid request body: n: .+; s: .+$/);
  });

  it('a config error lists every problem under config_invalid', () => {
    const r = z.object({ port: z.number(), host: z.string() }).safeParse({});
    if (r.success) throw new Error('expected failure');
    const e = configError(r.error, 'node');
    expect(e.code).toBe('config_invalid');
    expect((e.details as { problems: string[] }).problems.map((p) => p.split(':')[0])).toEqual(['port', 'host']);
    expect(e.message.startsWith('invalid node configuration: port: ')).toBe(true);
  });
});

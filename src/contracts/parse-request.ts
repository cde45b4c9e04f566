/**
 * Zod issues formatted once, for every request and every config: one line per issue, the first few in the
 * message, all (up to 50) in `details.issues`. Unknown keys in a strict schema are `unknown_parameter`.
 */
import type { z } from 'zod';
import { RenkeiError, type ErrorCode } from '../core/errors.ts';

/** `path: message` lines; `root` names an issue without a path. */
export function issueLines(error: z.ZodError, root = '(root)'): string[] {
  return error.issues.map((i) => `${i.path.join('.') || root}: ${i.message}`);
}

/** The error a failed request parse becomes. */
export function requestError(error: z.ZodError, what: string): RenkeiError {
  const code: ErrorCode = error.issues.some((i) => i.code === 'unrecognized_keys') ? 'unknown_parameter' : 'validation_failed';
  return new RenkeiError(code, `invalid ${what}: ${issueLines(error).slice(0, 5).join('; ')}`, {
    issues: error.issues.slice(0, 50).map((i) => ({ path: i.path.map(String), message: i.message })),
  });
}

/**
 * Parses a request part (body, query, params) or throws `validation_failed` / `unknown_parameter`.
 * @example const body = parseRequest(SearchRequest, req.body, 'search request');
 */
export function parseRequest<T extends z.ZodType>(schema: T, data: unknown, what = 'request body'): z.infer<T> {
  const r = schema.safeParse(data);
  if (!r.success) throw requestError(r.error, what);
  return r.data;
}

/** The one `config_invalid` error for a process's configuration, listing every problem. */
export function configError(error: z.ZodError, what: string): RenkeiError {
  const problems = issueLines(error, 'config');
  return new RenkeiError('config_invalid', `invalid ${what} configuration: ${problems.join('; ')}`, { problems });
}

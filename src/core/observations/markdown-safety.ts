/**
 * Markdown bodies are rendered as text with light formatting; raw HTML and script URLs are refused at the
 * door so no reader (web, export, a MISP instance rendering event reports) ever gets active content.
 */

const RAW_HTML = /<\s*\/?\s*(script|iframe|object|embed|style|link|meta|svg|math|form|input|img|a|base)\b/i;
const EVENT_HANDLER = /<[^>]*\son[a-z]+\s*=/i;
const SCRIPT_URL = /\b(javascript|vbscript|data\s*:\s*text\/html)\s*:/i;

/** Largest Markdown body accepted, in characters. */
export const MAX_BODY_CHARS = 20_000;

/** Why a Markdown body is refused, or null when it is acceptable. */
export function markdownProblem(body: string): string | null {
  if (body.length > MAX_BODY_CHARS) return `body longer than ${MAX_BODY_CHARS} characters`;
  if (RAW_HTML.test(body) || EVENT_HANDLER.test(body)) return 'raw HTML is not allowed in the body; write Markdown';
  if (SCRIPT_URL.test(body)) return 'script URLs are not allowed in the body';
  return null;
}

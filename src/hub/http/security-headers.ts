/**
 * Security headers on every hub answer: a Content-Security-Policy without inline scripts that forbids
 * framing, no MIME sniffing, no referrer, and HSTS when the hub itself serves TLS.
 */
import type { FastifyInstance } from 'fastify';

/**
 * Scripts only from the hub itself (the built UI has no inline script); inline *styles* stay allowed because
 * React and the chart library set style attributes. No framing, no plugins, no foreign form targets.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Adds the headers to every answer; `tls` adds Strict-Transport-Security. */
export function securityHeaders(app: FastifyInstance, opts: { tls: boolean }): void {
  app.addHook('onSend', async (_req, reply) => {
    void reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('referrer-policy', 'no-referrer');
    void reply.header('x-frame-options', 'DENY');
    void reply.header('cross-origin-opener-policy', 'same-origin');
    if (opts.tls) void reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  });
}

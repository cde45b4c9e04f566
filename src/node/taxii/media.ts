/**
 * TAXII 2.1 media types and the Accept / Content-Type checks (TAXII 2.1 §1.6.8). The header value is
 * written verbatim: exact-match clients reject `; version=2.1; charset=utf-8` rewrites.
 */
export const TAXII_MEDIA = 'application/taxii+json;version=2.1';
export const STIX_MEDIA = 'application/stix+json;version=2.1';

interface MediaRange {
  type: string;
  params: Map<string, string>;
}

function parseRanges(header: string): MediaRange[] {
  return header.split(',').map((part) => {
    const [type = '', ...rest] = part.split(';').map((s) => s.trim());
    const params = new Map<string, string>();
    for (const p of rest) {
      const i = p.indexOf('=');
      if (i > 0) params.set(p.slice(0, i).trim().toLowerCase(), p.slice(i + 1).trim().replace(/^"|"$/g, ''));
    }
    return { type: type.toLowerCase(), params };
  });
}

/** True when the client accepts TAXII 2.1 JSON (absent Accept and wildcards included). */
export function acceptsTaxii(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return parseRanges(accept).some((r) => {
    if (r.params.get('q') === '0') return false;
    if (r.type === '*/*' || r.type === 'application/*') return true;
    return r.type === 'application/taxii+json' && (r.params.get('version') ?? '2.1') === '2.1';
  });
}

/** True when a request body is declared as TAXII 2.1 JSON. */
export function isTaxiiContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const [r] = parseRanges(contentType);
  return r !== undefined && r.type === 'application/taxii+json' && (r.params.get('version') ?? '2.1') === '2.1';
}

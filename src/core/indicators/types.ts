/** Indicator types the normaliser produces (MISP attribute type names). */
export type IndicatorType =
  | 'ip-dst'
  | 'ip-dst|port'
  | 'domain'
  | 'hostname'
  | 'url'
  | 'md5'
  | 'sha1'
  | 'sha256'
  | 'sha512'
  | 'filename|md5'
  | 'filename|sha1'
  | 'filename|sha256'
  | 'filename|sha512'
  | 'email-src'
  | 'AS';

/** A raw value in its canonical form, or the reason it could not be read. */
export type Normalized =
  | { ok: true; input: string; type: IndicatorType; value: string }
  | { ok: false; input: string; error: string };

export interface NormalizeOptions {
  /** Force a type where the value alone is ambiguous (`15169` with `AS`). */
  type?: string;
}

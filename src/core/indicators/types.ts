/** Indicator types the normaliser produces (MISP attribute type names). */
export type IndicatorType =
  | 'ip-dst'
  | 'ip-dst|port'
  | 'ip-src'
  | 'ip-src|port'
  | 'domain'
  | 'hostname'
  | 'hostname|port'
  | 'domain|ip'
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
  | 'email-dst'
  | 'AS';

/** A raw value in its canonical form, or the reason it could not be read. */
export type Normalized =
  | { ok: true; input: string; type: IndicatorType; value: string; note?: string }
  | { ok: false; input: string; error: string };

export interface NormalizeOptions {
  /**
   * Read the value as this MISP type (`15169` with `AS`; `ip-src` keeps a MISP attribute's own type).
   * The value must still parse as that type, otherwise the result is a rejection.
   */
  type?: string;
}

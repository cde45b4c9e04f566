/**
 * Stable codes for the normaliser's rejection reasons. The normaliser's messages stay English (they go to
 * importer reports and logs); the hub sends these codes with parameters so a UI says the reason in the
 * reader's language. One table, in the order the patterns must be tried.
 */

/**
 * A rejection reason as a code the UI translates and its parameters; `params.part` (`url_host`,
 * `email_domain`) says when the reason concerns the host of a URL or the domain of an e-mail address.
 */
export interface RejectionCode {
  code: string;
  params: Record<string, string>;
}

const TABLE: [RegExp, string][] = [
  [/^not a string$/, 'not_string'],
  [/^empty value$/, 'empty'],
  [/^longer than (?<max>\d+) characters$/, 'too_long'],
  [/^contains control characters$/, 'control_characters'],
  [/^contains invisible formatting characters$/, 'invisible_characters'],
  [/^(contains whitespace|whitespace in URL host)$/, 'whitespace'],
  [/^unsupported type '(?<type>.*)'$/, 'unsupported_type'],
  [/^not a valid (?<type>\S+) \(reads as (?<detected>\S+)\)$/, 'type_mismatch'],
  [/^port out of range$/, 'port_range'],
  [/^not a valid IPv4 address$/, 'ipv4_invalid'],
  [/^(not a valid IPv6 address|not a valid bracketed IPv6 address|not an IPv6 address or host:port)$/, 'ipv6_invalid'],
  [/^IPv6 zone index not allowed$/, 'ipv6_zone'],
  [/^colon-separated hex bytes/, 'hex_bytes'],
  [/^IPv(?<version>[46]) prefix \/(?<prefix>\d+) is longer than (?<max>\d+)$/, 'cidr_prefix_range'],
  [/^(not a CIDR block|CIDR prefix is not a number|CIDR address is not a valid IP address)$/, 'cidr_invalid'],
  [/^(?<digits>\d+) hex digits: not a known hash length$/, 'hash_length'],
  [/^(?<length>\d+) characters with non-hex '(?<chars>.*)': not a valid hash$/, 'hash_near'],
  [/^not a hex digest$/, 'hex_invalid'],
  [/^bare number: not an indicator/, 'bare_number'],
  [/^(not an AS number|AS number out of range|asdot AS number out of range)$/, 'asn_invalid'],
  [/^single label, not a domain name$/, 'single_label'],
  [/^empty label in host name$/, 'empty_label'],
  [/^label longer than 63 characters$/, 'label_too_long'],
  [/^host name longer than 253 characters$/, 'host_too_long'],
  [/^empty host$/, 'empty_host'],
  [/^invalid character '(?<char>.*)' in host name$/, 'host_character'],
  [/^(?<host>.+) is a public suffix, not a domain name$/, 'public_suffix'],
  [/^(not a valid URL host|invalid internationalised host name)$/, 'host_invalid'],
  [/^(URL without a host|path without a host)$/, 'url_no_host'],
  [/^(not a valid URL|not a URL)$/, 'url_invalid'],
  [/^not a valid e-mail address$/, 'email_invalid'],
  [/^(unrecognised composite value|composite value with an empty half)$/, 'composite_invalid'],
];

const PARTS: [string, string][] = [
  ['URL host: ', 'url_host'],
  ['e-mail domain: ', 'email_domain'],
];

/** The code of one of the normaliser's messages; `unrecognised` (no parameters) for any other text. */
export function rejectionCode(message: string): RejectionCode {
  for (const [prefix, part] of PARTS) {
    if (message.startsWith(prefix)) {
      const inner = rejectionCode(message.slice(prefix.length));
      return { code: inner.code, params: { ...inner.params, part } };
    }
  }
  for (const [re, code] of TABLE) {
    const m = re.exec(message);
    if (m) return { code, params: { ...m.groups } };
  }
  return { code: 'unrecognised', params: {} };
}

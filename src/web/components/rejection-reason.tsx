/** Why a value could not be read, in the reader's language: the hub's code (or the normaliser's reason, coded here). */
import { rejectionCode } from '../../core/indicators/rejection-code.ts';
import { defineMessages, useMessages } from '../i18n/i18n.tsx';

export const rejectionMessages = defineMessages({
  en: {
    not_string: 'not text',
    empty: 'empty value',
    too_long: 'longer than {max} characters',
    control_characters: 'contains control characters',
    invisible_characters: 'contains invisible formatting characters',
    whitespace: 'contains whitespace',
    unsupported_type: 'unsupported type “{type}”',
    type_mismatch: 'not a valid {type} (reads as {detected})',
    port_range: 'port out of range',
    ipv4_invalid: 'not a valid IPv4 address',
    ipv6_invalid: 'not a valid IPv6 address',
    ipv6_zone: 'IPv6 zone index not allowed',
    hex_bytes: 'colon-separated hex bytes (serial or fingerprint), not an IPv6 address',
    cidr_prefix_range: 'IPv{version} prefix /{prefix} is longer than {max}',
    cidr_invalid: 'not a valid CIDR block',
    hash_length: '{digits} hex digits: not a known hash length',
    hash_near: '{length} characters with non-hex “{chars}”: not a valid hash',
    hex_invalid: 'not a hex digest',
    bare_number: 'a bare number is not an indicator (use type AS for an AS number)',
    asn_invalid: 'not a valid AS number',
    single_label: 'single label, not a domain name',
    empty_label: 'empty label in host name',
    label_too_long: 'label longer than 63 characters',
    host_too_long: 'host name longer than 253 characters',
    empty_host: 'empty host',
    host_character: 'invalid character “{char}” in host name',
    public_suffix: '{host} is a public suffix, not a domain name',
    host_invalid: 'not a valid host name',
    url_no_host: 'URL without a host',
    url_invalid: 'not a valid URL',
    email_invalid: 'not a valid e-mail address',
    composite_invalid: 'not a valid composite value (a|b)',
    unrecognised: 'not a recognised indicator',
    'part.url_host': 'URL host: {reason}',
    'part.email_domain': 'e-mail domain: {reason}',
  },
  ja: {
    not_string: '文字列ではありません',
    empty: '空の値です',
    too_long: '{max} 文字を超えています',
    control_characters: '制御文字が含まれています',
    invisible_characters: '見えない書式文字が含まれています',
    whitespace: '空白が含まれています',
    unsupported_type: '対応していない種別です（{type}）',
    type_mismatch: '{type} として読めません（{detected} と判定）',
    port_range: 'ポート番号が範囲外です',
    ipv4_invalid: 'IPv4 アドレスとして正しくありません',
    ipv6_invalid: 'IPv6 アドレスとして正しくありません',
    ipv6_zone: 'IPv6 のゾーン ID は指定できません',
    hex_bytes: 'コロン区切りの 16 進バイト列（シリアル番号や指紋）で、IPv6 アドレスではありません',
    cidr_prefix_range: 'IPv{version} のプレフィックス長 /{prefix} は {max} を超えています',
    cidr_invalid: 'CIDR ブロックとして正しくありません',
    hash_length: '16 進 {digits} 桁: 既知のハッシュ長ではありません',
    hash_near: '{length} 文字のうち 16 進でない文字（{chars}）があり、ハッシュ値として正しくありません',
    hex_invalid: '16 進のダイジェストではありません',
    bare_number: '数字だけの値は指標ではありません（AS 番号は種別 AS を指定）',
    asn_invalid: 'AS 番号として正しくありません',
    single_label: 'ラベルが 1 つだけで、ドメイン名ではありません',
    empty_label: 'ホスト名に空のラベルがあります',
    label_too_long: 'ラベルが 63 文字を超えています',
    host_too_long: 'ホスト名が 253 文字を超えています',
    empty_host: 'ホストが空です',
    host_character: 'ホスト名に使えない文字があります（{char}）',
    public_suffix: '{host} はパブリックサフィックスで、ドメイン名ではありません',
    host_invalid: 'ホスト名として正しくありません',
    url_no_host: 'ホストのない URL です',
    url_invalid: 'URL として正しくありません',
    email_invalid: 'メールアドレスとして正しくありません',
    composite_invalid: '複合値（a|b）として正しくありません',
    unrecognised: '指標として読み取れません',
    'part.url_host': 'URL のホスト: {reason}',
    'part.email_domain': 'メールアドレスのドメイン: {reason}',
  },
});

type Key = keyof typeof rejectionMessages.en;

/** The translated reason for a rejected value; `code` from the hub when it sent one. */
export function RejectionReason({ error, code, params }: { error: string; code?: string | undefined; params?: Record<string, string> | undefined }) {
  const m = useMessages(rejectionMessages);
  const r = code ? { code, params: params ?? {} } : rejectionCode(error);
  const known = (r.code in rejectionMessages.en ? r.code : 'unrecognised') as Key;
  const reason = m(known, r.params);
  const part = r.params['part'];
  return <>{part === 'url_host' || part === 'email_domain' ? m(`part.${part}`, { reason }) : reason}</>;
}

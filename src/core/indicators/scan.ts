/**
 * One pass over a value's characters collecting what kinds occur, so detection can dispatch
 * without running a dozen regular expressions per value (the normaliser's hot path).
 */
export const F = {
  DOT: 1, COLON: 2, SLASH: 4, AT: 8, PIPE: 16, WS: 32, UPPER: 64, NON_ASCII: 128,
  /** a character other than 0-9 a-f A-F */
  NON_HEX: 256,
  /** a character other than 0-9 and '.' */
  NON_DIGIT_DOT: 512,
  /** '[', '(' or '{' — possible defanging */
  BRACKET: 1024,
  /** 'x', 'X' or '*' — possible `hxxp` */
  XCHAR: 2048,
  /** a character outside A-Z a-z 0-9 . - _ */
  OTHER: 4096,
  /** control or invisible formatting character */
  CONTROL: 8192,
} as const;

function nonAscii(c: number): number {
  let f = F.NON_ASCII | F.OTHER | F.NON_HEX | F.NON_DIGIT_DOT;
  if (c <= 0x9f) f |= F.CONTROL;
  else if ((c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2060 && c <= 0x2064) || (c >= 0x2066 && c <= 0x2069) || c === 0xfeff) f |= F.CONTROL;
  else if (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000) f |= F.WS;
  return f;
}

function asciiFlags(c: number): number {
  if (c >= 48 && c <= 57) return 0; // 0-9
  if (c >= 97 && c <= 122) return c <= 102 ? F.NON_DIGIT_DOT : c === 120 ? F.NON_HEX | F.NON_DIGIT_DOT | F.XCHAR : F.NON_HEX | F.NON_DIGIT_DOT;
  if (c >= 65 && c <= 90) return F.UPPER | (c <= 70 ? F.NON_DIGIT_DOT : c === 88 ? F.NON_HEX | F.NON_DIGIT_DOT | F.XCHAR : F.NON_HEX | F.NON_DIGIT_DOT);
  if (c === 46) return F.DOT | F.NON_HEX;
  let f = F.NON_HEX | F.NON_DIGIT_DOT;
  if (c === 45 || c === 95) return f; // - _
  f |= F.OTHER;
  if (c < 32 || c === 127) return c === 9 || c === 10 || c === 13 ? f | F.CONTROL | F.WS : f | F.CONTROL;
  if (c === 58) return f | F.COLON;
  if (c === 47) return f | F.SLASH;
  if (c === 64) return f | F.AT;
  if (c === 124) return f | F.PIPE;
  if (c === 32) return f | F.WS;
  if (c === 91 || c === 40 || c === 123) return f | F.BRACKET;
  if (c === 42) return f | F.XCHAR;
  return f;
}

const ASCII = new Uint16Array(128);
for (let c = 0; c < 128; c++) ASCII[c] = asciiFlags(c);

/** Bit set of `F` flags describing the characters of `s`. */
export function scan(s: string): number {
  let f = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    f |= c < 128 ? ASCII[c]! : nonAscii(c);
  }
  return f;
}

import { describe, expect, it } from 'vitest';
import { isRegexSpace, logPrefixStart } from './log-prefix.ts';

/** The regex form logPrefixStart replaces: the specification it must keep matching. */
const byRegex = (head: string): string => head.replace(/^.*?kernel:\s*(\[\s*\d+\.\d+\]\s*)?/, '');
const byPosition = (line: string, end: number): string => line.slice(logPrefixStart(line, end), end);

describe('logPrefixStart', () => {
  it('cuts what the regex cut, for each shape of header and uptime stamp', () => {
    const heads = [
      'Nov 20 10:00:00 host kernel: [ 3529.289825] [UFW BLOCK] ',
      'Nov 20 10:00:00 host kernel: [3529.2] DROP(src wan)',
      'Nov 20 10:00:00 host kernel:ACCEPT ',
      'kernel: \t\u00a0\u3000[\u2028 1.5]\ufeff  rej ',
      'kernel: [1.] not a stamp ',
      'kernel: [.5] not a stamp ',
      'kernel: [ 12.5 ] space before the bracket ',
      'kernel: [12.5',
      'kernel: [',
      'a kernel: first kernel: second ',
      'x\rkernel: a terminator before kernel: defeats the regex ',
      'x\u2029kernel: so does this one ',
      'no header at all DROP ',
      'kernel:',
      '',
    ];
    for (const h of heads) expect(byPosition(h, h.length), JSON.stringify(h)).toBe(byRegex(h));
    // Only the text before `end` counts, even when the stamp or `kernel:` continues past it.
    const line = 'Nov 20 10:00:00 h kernel: [ 1.25] X IN=eth0';
    for (let end = 0; end <= line.length; end++) expect(byPosition(line, end), String(end)).toBe(byRegex(line.slice(0, end)));
  });

  it('treats exactly the characters of \\s as spaces', () => {
    for (let c = 0; c < 0x10000; c++) if (isRegexSpace(c) !== /\s/.test(String.fromCharCode(c))) expect(c).toBe(-1);
  });
});

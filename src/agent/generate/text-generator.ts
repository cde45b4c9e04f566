/** Synthetic Suricata fast.log and netfilter LOG lines (same sources/targets scheme as the EVE generator). */
import { rng } from './eve-generator.ts';

const RULES: Array<[number, string, string, number, number, string]> = [
  [2001219, 'ET SCAN Potential SSH Scan', 'Attempted Information Leak', 2, 22, 'TCP'],
  [2030092, 'ET EXPLOIT Mirai Telnet Brute Force', 'Attempted Administrator Privilege Gain', 1, 23, 'TCP'],
  [2010937, 'ET SCAN Suspicious inbound to mySQL port 3306', 'Potentially Bad Traffic', 2, 3306, 'TCP'],
  [2008578, 'ET SCAN Sipvicious Scan', 'Attempted Information Leak', 2, 5060, 'UDP'],
];

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Yields `n` lines of the given text format. */
export function* textLines(format: 'fast' | 'iptables', n: number, seed = 1, start = Date.UTC(2026, 10, 1), perHour = 200_000): Generator<string> {
  const r = rng(seed);
  const srcs = Array.from({ length: 20_000 }, () => `${1 + Math.floor(r() * 222)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${1 + Math.floor(r() * 254)}`);
  const step = 3_600_000 / perHour;
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  for (let i = 0; i < n; i++) {
    const d = new Date(start + i * step);
    const src = srcs[Math.floor(srcs.length * r() ** 3)]!;
    const dst = `198.51.100.${1 + Math.floor(r() * 200)}`;
    const rule = RULES[i % RULES.length]!;
    const sport = 1024 + Math.floor(r() * 60000);
    if (format === 'fast') {
      yield `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()}-${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}123  [**] [1:${rule[0]}:7] ${rule[1]} [**] [Classification: ${rule[2]}] [Priority: ${rule[3]}] {${rule[5]}} ${src}:${sport} -> ${dst}:${rule[4]}`;
    } else {
      yield `${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} fw1 kernel: [${(i / 10).toFixed(6)}] [UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:12:34:56:52:54:00:65:43:21:08:00 SRC=${src} DST=${dst} LEN=44 TOS=0x00 PREC=0x00 TTL=${40 + (i % 200)} ID=${i % 65535} PROTO=${rule[5]} SPT=${sport} DPT=${rule[4]} WINDOW=1024 RES=0x00 SYN URGP=0`;
    }
  }
}

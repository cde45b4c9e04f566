/** Keeps a sample of rejected lines (first N per reason) in a local file; it never leaves the member. */
import { appendFileSync } from 'node:fs';

/** Returns an onReject callback writing at most `perReason` samples per reason to `file`. */
export function rejectsWriter(file: string, perReason = 20): (reason: string, where: string, text: string) => void {
  const seen = new Map<string, number>();
  return (reason, where, text) => {
    const n = seen.get(reason) ?? 0;
    if (n >= perReason) return;
    seen.set(reason, n + 1);
    const safe = text.slice(0, 500).replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '\ufffd');
    appendFileSync(file, `${reason}\t${where}\t${safe}\n`);
  };
}

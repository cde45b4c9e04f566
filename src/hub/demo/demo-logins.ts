/**
 * Login stems for the demo's per-member users: the name's first word (`Sakura ISAC` → `sakura`) when no
 * other member shares it, else the whole name (`GRID-MISP(OSINT)` → `grid-misp-osint`), else a numbered
 * stem, so any set of member names gives distinct logins.
 */
export function demoLoginStems(names: readonly string[]): string[] {
  const words = (n: string): string[] => n.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  const first = names.map((n) => words(n)[0] ?? '');
  const count = (xs: string[], x: string): number => xs.filter((y) => y === x).length;
  const taken = new Set<string>();
  return names.map((n, i) => {
    const candidates = [count(first, first[i]!) === 1 ? first[i]! : '', words(n).join('-')].filter((c) => c !== '');
    let stem = candidates.find((c) => !taken.has(c)) ?? '';
    if (!stem) {
      const base = candidates[candidates.length - 1] ?? 'member';
      for (let k = 2; !stem; k++) if (!taken.has(`${base}-${k}`)) stem = `${base}-${k}`;
    }
    taken.add(stem);
    return stem;
  });
}

/**
 * Keeps the intact elements of a damaged JSON list (a MISP `[…]` / `{"response":[…]}` export, a STIX
 * bundle's `objects`) when the document as a whole does not parse: each element is cut out and parsed on
 * its own; after a damaged one, reading resumes at the next place an element of the expected shape
 * starts. The separator learnt between two intact elements (`,\n  ` in pretty-printed files) finds the
 * next element at the same indentation; compact files fall back to every `,{` whose object has the shape.
 */

export interface SalvagedElement {
  index: number;
  value: unknown;
}

export interface DamagedElement {
  index: number;
  /** 1-based line and column where the damaged element starts. */
  line: number;
  column: number;
  reason: string;
}

export interface Salvaged {
  /** Path of the list inside the document: `` (top-level array), `response` or `objects`. */
  list: '' | 'response' | 'objects';
  elements: SalvagedElement[];
  damaged: DamagedElement[];
}

/** End (exclusive) of the JSON object or array starting at `from`, or -1 when it never closes. */
function elementEnd(text: string, from: number): number {
  let depth = 0;
  let inString = false;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

function skipWs(text: string, i: number): number {
  while (i < text.length && (text.charCodeAt(i) <= 0x20 || text.charCodeAt(i) === 0xfeff)) i++;
  return i;
}

function lineCol(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return { line, column: offset - last };
}

type Parsed = { value: unknown; end: number } | { error: string };

function parseAt(text: string, from: number): Parsed {
  if (text.charCodeAt(from) !== 0x7b) return { error: 'expected an object' };
  const end = elementEnd(text, from);
  if (end < 0) return { error: 'object is never closed' };
  const slice = text.slice(from, end);
  if (slice.includes('\u0000')) return { error: 'not valid UTF-8 (or a NUL byte)' };
  try {
    return { value: JSON.parse(slice) as unknown, end };
  } catch (e) {
    return { error: `invalid JSON: ${(e as Error).message}` };
  }
}

/** Where the list starts (the offset after its `[`), or null when the document is not list-shaped. */
function listStart(text: string): { at: number; list: Salvaged['list'] } | null {
  const i = skipWs(text, 0);
  if (text[i] === '[') return { at: i + 1, list: '' };
  if (text[i] !== '{') return null;
  const m = /"(response|objects)"\s*:\s*\[/.exec(text);
  if (!m) return null;
  return { at: m.index + m[0].length, list: m[1] as 'response' | 'objects' };
}

/**
 * Salvages a damaged list document. `accept` says whether an object found while resynchronising is an
 * element of the list (a MISP event, a STIX object) rather than an object nested in the damaged one.
 * Returns null when no list could be found.
 */
export function salvageJsonList(text: string, accept: (v: unknown) => boolean): Salvaged | null {
  const start = listStart(text);
  if (!start) return null;
  const out: Salvaged = { list: start.list, elements: [], damaged: [] };
  let pos = skipWs(text, start.at);
  // Pretty-printed lists: the first element's indentation tells where the next ones start.
  const nl = text.lastIndexOf('\n', pos);
  let sep: string | null = nl >= start.at ? `,${text.slice(nl, pos)}` : null;
  let learnt = false;
  let index = 0;
  let prevEnd = -1;
  const damage = (at: number, reason: string): void => {
    out.damaged.push({ index: index++, ...lineCol(text, at), reason });
  };
  /** The next offset after `from` where an acceptable element starts, or -1. */
  const resync = (from: number): number => {
    if (sep !== null) {
      for (let i = text.indexOf(`${sep}{`, from); i !== -1; i = text.indexOf(`${sep}{`, i + 1)) {
        const p = parseAt(text, i + sep.length);
        if ('value' in p && accept(p.value)) return i + sep.length;
      }
      return -1;
    }
    const re = /,\s*\{/g;
    re.lastIndex = from;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const at = m.index + m[0].length - 1;
      if (chainReachesEnd(at)) return at;
    }
    return -1;
  };
  /**
   * Compact files give no indentation to tell a list element from a nested object of the same shape
   * (a MISP RelatedEvent): a candidate is taken when the elements from it on run to the list's end
   * (or to the next damage) rather than into the middle of an enclosing object.
   */
  const chainReachesEnd = (at: number): boolean => {
    for (let i = at, first = true; ; first = false) {
      const p = parseAt(text, i);
      if (!('value' in p)) return !first && text.charCodeAt(i) === 0x7b; // the next element is damaged too
      if (!accept(p.value)) return false;
      const after = skipWs(text, p.end);
      if (text[after] === ',') {
        i = skipWs(text, after + 1);
        continue;
      }
      if (text[after] !== ']') return true;
      const tail = skipWs(text, after + 1);
      return start.list === '' ? tail === text.length : text.length - tail < 4096 && (text[tail] === '}' || text[tail] === ',');
    }
  };
  while (pos < text.length && text[pos] !== ']') {
    const p = parseAt(text, pos);
    if ('value' in p) {
      if (prevEnd >= 0 && !learnt) {
        const between = text.slice(prevEnd, pos);
        if (/^\s*,\s*$/.test(between)) sep = between;
        learnt = true;
      }
      out.elements.push({ index: index++, value: p.value });
      prevEnd = p.end;
      const after = skipWs(text, p.end);
      if (text[after] === ',') {
        pos = skipWs(text, after + 1);
        continue;
      }
      if (text[after] === ']') break;
      // A damaged separator: look for the next element.
      prevEnd = -1;
      const next = resync(p.end);
      if (next < 0) break;
      pos = next;
      continue;
    }
    damage(pos, p.error);
    prevEnd = -1;
    const next = resync(pos + 1);
    if (next < 0) break;
    pos = next;
  }
  return out;
}

/**
 * MISP gives tags numeric ids; the store keys tags by name. Ids are handed out per process in first-seen
 * order so that one response (and one run) is consistent.
 */
export class TagIds {
  private readonly ids = new Map<string, number>();
  /** The id of a tag name (stable for the life of the process). */
  idOf(name: string): string {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.ids.size + 1;
      this.ids.set(name, id);
    }
    return String(id);
  }
  /** The tag name behind an id handed out by `idOf`, if any. */
  nameOf(id: string): string | undefined {
    for (const [name, n] of this.ids) if (String(n) === id) return name;
    return undefined;
  }
}

/** MISP's default colour for tags without one. */
export const DEFAULT_TAG_COLOUR = '#ffffff';

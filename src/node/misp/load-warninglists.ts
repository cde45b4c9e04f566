import { loadWarninglists } from '../../services/load-warninglists.ts';
import type { WarninglistCheck } from './warninglist-check.ts';

/** Loads MISP warninglists from a directory for `enforceWarninglist` and hit context; reports bad files. */
export async function loadWarninglistCheck(dir: string, onError: (file: string, reason: string) => void = () => {}): Promise<WarninglistCheck> {
  const { set, errors } = await loadWarninglists(dir);
  for (const e of errors) onError(e.file, e.reason);
  return { listsFor: (type, value) => set.check(type, value), size: set.lists.length };
}

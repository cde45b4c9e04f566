/**
 * The node's view of warninglists: which lists a (type, value) pair is on. Built from core's
 * `WarninglistSet` when a directory is configured, otherwise a no-op.
 */
export interface WarninglistCheck {
  /** Names of the lists that contain the value (empty when none or when no lists are loaded). */
  listsFor(type: string, value: string): string[];
  readonly size: number;
}

export const NO_WARNINGLISTS: WarninglistCheck = { listsFor: () => [], size: 0 };

/** The workbench calls for the web UI: the shared client's, with failures turned into `ApiFailure`. */
import type { workbenchClient } from '../../client/workbench-client.ts';

type Calls = ReturnType<typeof workbenchClient>;
type Guard = <T>(p: () => Promise<T>) => Promise<T>;

/** Wraps each workbench call in `guard`. */
export function workbenchApi(c: Calls, guard: Guard): Calls {
  return Object.fromEntries(Object.entries(c).map(([k, f]) => [k, (...a: unknown[]) => guard(() => (f as (...x: unknown[]) => Promise<unknown>)(...a))])) as Calls;
}

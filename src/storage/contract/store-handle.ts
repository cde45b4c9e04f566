import type { TestStore } from '../../testkit/store-factory.ts';

/** Gives each contract test a fresh store (the suite swaps `s` before every test). */
export interface StoreHandle {
  readonly s: TestStore;
}

/**
 * The one contract suite every IntelStore adapter must pass (`sqlite.test.ts`, `postgres.test.ts`).
 * Each test gets a fresh, migrated store from the factory and cleans it up afterwards.
 */
import { afterEach, beforeEach, describe } from 'vitest';
import type { TestStore } from '../testkit/store-factory.ts';
import type { StoreHandle } from './contract/store-handle.ts';
import { matchContract } from './contract/match-contract.ts';
import { ownershipContract } from './contract/ownership-contract.ts';
import { readContract } from './contract/read-contract.ts';
import { saveContract } from './contract/save-contract.ts';
import { visibilityContract } from './contract/visibility-contract.ts';


export function runStoreContract(name: string, factory: () => Promise<TestStore>): void {
  describe(`IntelStore contract: ${name}`, () => {
    let current: TestStore | null = null;
    const handle: StoreHandle = {
      get s() {
        if (!current) throw new Error('store not ready');
        return current;
      },
    };
    beforeEach(async () => {
      current = await factory();
    });
    afterEach(async () => {
      await current?.cleanup();
      current = null;
    });
    describe('save', () => saveContract(handle));
    describe('read', () => readContract(handle));
    describe('match', () => matchContract(handle));
    describe('visibility', () => visibilityContract(handle));
    describe('ownership', () => ownershipContract(handle));
  });
}

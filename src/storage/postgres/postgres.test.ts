import { createTestStore } from '../../testkit/store-factory.ts';
import { runStoreContract } from '../store-contract.ts';

runStoreContract('postgres', () => createTestStore('postgres'));

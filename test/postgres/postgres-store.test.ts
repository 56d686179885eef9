import { afterEach } from 'vitest';
import { storeContract } from '../store/store-contract.js';
import { cleanUpStores, openTestStore } from '../support/postgres-stores.js';

afterEach(cleanUpStores);

storeContract('postgres', () => openTestStore());

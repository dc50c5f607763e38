import { createMemoryStore } from './memory-store.js';
import { describeStore } from './store-contract.js';

describeStore('memory', async () => {
  const store = createMemoryStore();
  return { store, another: async () => store, cleanup: () => store.close() };
});

import { createMemoryStore } from './memory-store.js';
import { CONSUMER, describeStore } from './store-contract.js';

describeStore('memory', async () => {
  const store = createMemoryStore({ consumers: [CONSUMER] });
  return { store, another: async () => store, cleanup: () => store.close() };
});

import { MemoryLeadStore } from '../../src/stores/memory/memory-lead-store.ts';
import { storeContract } from './contract.ts';

storeContract(
  'memory store',
  async () => {
    const store = new MemoryLeadStore([
      { name: 'Ayu', email: 'ayu@example.com', slackId: 'UAYU', active: true },
      { name: 'Bima', email: 'bima@example.com', slackId: 'UBIMA', active: true },
      { name: 'Citra', email: 'citra@example.com', slackId: 'UCITRA', active: true },
    ]);
    return { store, audit: async () => store.audit, close: async () => undefined };
  },
  // One process's test double: nothing else writes to it, so it has no conflicts to detect.
  { shared: false },
);

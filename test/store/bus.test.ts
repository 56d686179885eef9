import { MemoryBus } from '../../src/store/bus.js';
import { busContract } from './bus-contract.js';

busContract('memory', async () => {
  const bus = new MemoryBus();
  return [bus, bus];
});

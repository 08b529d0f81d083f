import { resetEmulators } from '@mlebotics/testing';
import { runWorkload } from '../../scripts/load/workload.js';
import { closeWorld } from '../../scripts/load/world.js';
import type { Benchmark } from '../lib.js';

const USERS = 50;

/**
 * The mixed workload of `npm run load` at 50 signed-in users: throughput and the p95 of each
 * operation kind, the floor beside each being a single document read with nothing else running.
 */
export const load: Benchmark = {
  name: 'load',
  async run() {
    await resetEmulators();
    const { stats, world, floorMs } = await runWorkload({
      users: USERS,
      ops: 1000,
      maxSeconds: 600,
      retryTransient: false,
      settleMs: 180_000,
    });
    await closeWorld(world);
    console.log(stats.report(`load (${USERS} users)`));
    return stats.entries('load', USERS, floorMs);
  },
};

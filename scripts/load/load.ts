// `npm run load -- [--users 50] [--ops 2000] [--max-seconds 600]`: the mixed workload against
// local emulators; prints throughput, p50/p95/p99 per operation kind and every error by code,
// and merges the `load.*` entries into bench/results.json.
import { parseOptions, requestIdNote } from './cli.js';
import { mergeResults } from './stats.js';
import { runWorkload } from './workload.js';
import { closeWorld } from './world.js';

const options = parseOptions({ users: 50, ops: 2000, maxSeconds: 600 });
const { stats, world, floorMs } = await runWorkload(options);
console.log(stats.report(`load (${options.users} users)`));
console.log(requestIdNote());
await mergeResults(stats.entries('load', options.users, floorMs), ['load']);
await closeWorld(world);
process.exit(0);

import { runPluginStep as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import { RUN_STEP_INSTANCE, runStep, startSandboxes } from '../runtime/run-step.js';

/** Runs an installed plugin's automation step in a sandbox worker (sizing: RUN_STEP_INSTANCE). */
export const runPluginStep = callable(contract, runStep, {
  memory: RUN_STEP_INSTANCE.memory,
  cpu: RUN_STEP_INSTANCE.cpu,
  concurrency: RUN_STEP_INSTANCE.concurrency,
  timeoutSeconds: 60,
});

startSandboxes('runPluginStep');

import { runPluginStep as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import * as runStep from '../runtime/run-step.js';

/** Runs an installed plugin's automation step in a sandbox worker (sizing: RUN_STEP_INSTANCE). */
export const runPluginStep = callable(contract, runStep.runPluginStep, {
  memory: runStep.RUN_STEP_INSTANCE.memory,
  cpu: runStep.RUN_STEP_INSTANCE.cpu,
  concurrency: runStep.RUN_STEP_INSTANCE.concurrency,
  timeoutSeconds: 60,
});

runStep.startSandboxes('runPluginStep');

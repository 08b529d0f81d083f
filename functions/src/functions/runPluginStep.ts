import { runPluginStep as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import { runStep } from '../runtime/run-step.js';

/** Runs an installed plugin's automation step in the sandbox (512 MiB: room for several sandboxes). */
export const runPluginStep = callable(contract, runStep, { memory: '512MiB', timeoutSeconds: 60 });

import { openPanel as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import * as panels from '../runtime/panels.js';

export const openPanel = callable(contract, panels.openPanel);

import { openPanel as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import { openPanelSession } from '../runtime/panels.js';

export const openPanel = callable(contract, openPanelSession);

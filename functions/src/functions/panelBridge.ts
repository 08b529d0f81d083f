import { panelBridge as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import { panelBridgeCall } from '../runtime/panels.js';

export const panelBridge = callable(contract, panelBridgeCall);

import { health as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';

export const health = callable(contract, async () => ({ ok: true as const, time: new Date().toISOString() }));

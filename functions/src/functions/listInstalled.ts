import { listInstalled as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import * as installs from '../installs/reads.js';

export const listInstalled = callable(contract, installs.listInstalled);

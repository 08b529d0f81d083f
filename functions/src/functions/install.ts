import { install as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import * as installs from '../installs/installs.js';

export const install = callable(contract, installs.install);

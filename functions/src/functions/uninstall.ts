import { uninstall as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import * as installs from '../installs/installs.js';

export const uninstall = callable(contract, installs.uninstall);

import { updateInstall as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import * as installs from '../installs/installs.js';

export const updateInstall = callable(contract, installs.updateInstall);

import { updateInstall as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import { updatePlugin } from '../installs/installs.js';

export const updateInstall = callable(contract, updatePlugin);

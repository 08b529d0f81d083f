import { getManifest as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import * as installs from '../installs/reads.js';

export const getManifest = callable(contract, installs.getManifest);

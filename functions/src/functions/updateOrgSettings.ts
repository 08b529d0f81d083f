import { updateOrgSettings as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import { updateSettings } from '../orgs/orgs.js';

export const updateOrgSettings = callable(contract, updateSettings);

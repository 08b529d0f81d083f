import { createOrg as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import { createOrganization } from '../orgs/orgs.js';

export const createOrg = callable(contract, createOrganization);

import { addOrgMember as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import { addMember } from '../orgs/orgs.js';

export const addOrgMember = callable(contract, addMember);

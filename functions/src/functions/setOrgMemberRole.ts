import { setOrgMemberRole as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import { setMemberRole } from '../orgs/orgs.js';

export const setOrgMemberRole = callable(contract, setMemberRole);

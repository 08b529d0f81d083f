import { setOrgMemberRole as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import * as orgs from '../orgs/orgs.js';

export const setOrgMemberRole = callable(contract, orgs.setOrgMemberRole);

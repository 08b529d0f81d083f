import { getSession as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import * as session from '../orgs/session.js';

export const getSession = callable(contract, (_input, context) => session.getSession(context));

import { declineInstallRequest as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import * as requests from '../installs/requests.js';

export const declineInstallRequest = callable(contract, requests.declineInstallRequest);

import { requestInstall as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import * as requests from '../installs/requests.js';

export const requestInstall = callable(contract, requests.requestInstall);

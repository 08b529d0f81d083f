import { retryUpload as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import * as recovery from '../publish/recovery.js';

export const retryUpload = callable(contract, recovery.retryUpload, { memory: '1GiB', timeoutSeconds: 300 });

import { revokePublisherToken as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import { revokePublisherToken as handler } from '../publishers/tokens.js';

export const revokePublisherToken = callable(contract, handler);

import { createPublisherToken as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import { createPublisherToken as handler } from '../publishers/tokens.js';

export const createPublisherToken = callable(contract, handler);

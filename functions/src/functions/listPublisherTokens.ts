import { listPublisherTokens as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import { listPublisherTokens as handler } from '../publishers/tokens.js';

export const listPublisherTokens = callable(contract, handler);

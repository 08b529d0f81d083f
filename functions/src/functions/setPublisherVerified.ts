import { setPublisherVerified as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import * as publishers from '../publishers/publishers.js';

export const setPublisherVerified = callable(contract, publishers.setPublisherVerified);

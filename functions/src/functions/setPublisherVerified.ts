import { setPublisherVerified as contract } from '@mlebotics/shared';
import * as publishers from '../admin/publishers.js';
import { callable } from '../lib/callable.js';

export const setPublisherVerified = callable(contract, publishers.setPublisherVerified);

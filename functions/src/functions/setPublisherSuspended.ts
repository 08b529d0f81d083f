import { setPublisherSuspended as contract } from '@mlebotics/shared';
import * as publishers from '../admin/publishers.js';
import { callable } from '../lib/callable.js';

export const setPublisherSuspended = callable(contract, publishers.setPublisherSuspended);

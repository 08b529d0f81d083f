import { setPublisherMember as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import * as publishers from '../publishers/publishers.js';

export const setPublisherMember = callable(contract, publishers.setPublisherMember);

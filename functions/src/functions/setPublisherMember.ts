import { setPublisherMember as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import { setMember } from '../publishers/publishers.js';

export const setPublisherMember = callable(contract, setMember);

import { createPublisher as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import { createPublisherNamespace } from '../publishers/publishers.js';

export const createPublisher = callable(contract, createPublisherNamespace);

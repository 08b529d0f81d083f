import { exchangePublisherToken as contract } from '@mlebotics/shared';
import { publicCallable } from '../lib/callable.js';
import { exchangePublisherToken as handler } from '../publishers/tokens.js';

/** Public, without App Check: a CI job exchanges its publisher API token for an upload-only identity. */
export const exchangePublisherToken = publicCallable(contract, handler);

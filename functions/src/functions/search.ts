import { search as contract } from '@mlebotics/shared';
import { publicCallable } from '../lib/callable.js';
import { searchCatalogue } from '../search/search.js';

/**
 * Full-text search of the catalogue, for signed-out visitors too. Each instance holds its own
 * read-only copy of the index (memory sized for it); instances scale out with traffic.
 */
export const search = publicCallable(contract, searchCatalogue, { memory: '1GiB', minInstances: 0 });

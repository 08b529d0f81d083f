import { updateListing as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import * as listings from '../catalog/listings.js';

export const updateListing = callable(contract, listings.updateListing);

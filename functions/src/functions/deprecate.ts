import { deprecate as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import * as listings from '../catalog/listings.js';

export const deprecate = callable(contract, listings.deprecate);

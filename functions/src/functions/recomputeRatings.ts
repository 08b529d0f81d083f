import { recomputeRatings as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import { recompute } from '../reviews/moderation.js';

export const recomputeRatings = callable(contract, recompute);

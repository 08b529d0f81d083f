import { recomputeRatings as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import * as moderation from '../reviews/moderation.js';

export const recomputeRatings = callable(contract, moderation.recomputeRatings);

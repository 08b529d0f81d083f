import { moderateReview as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import { moderate } from '../reviews/moderation.js';

export const moderateReview = callable(contract, moderate);

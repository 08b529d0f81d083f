import { reactToReview as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import { react } from '../reviews/moderation.js';

/** A helpful vote or a flag on a review, one per organization with the plugin installed. */
export const reactToReview = callable(contract, react);

import { reactToReview as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import * as moderation from '../reviews/moderation.js';

/** A helpful vote or a flag on a review, one per organization with the plugin installed. */
export const reactToReview = callable(contract, moderation.reactToReview);

import { replyToReview as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import * as moderation from '../reviews/moderation.js';

export const replyToReview = callable(contract, moderation.replyToReview);

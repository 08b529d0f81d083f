import { decideReview as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import * as admin from '../admin/review-queue.js';

export const decideReview = callable(contract, admin.decideReview);

import { listModerationQueue as contract } from '@mlebotics/shared';
import * as admin from '../admin/moderation-queue.js';
import { callable } from '../lib/callable.js';

export const listModerationQueue = callable(contract, admin.listModerationQueue);

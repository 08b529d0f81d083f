import { logger } from 'firebase-functions';
import { onSchedule } from 'firebase-functions/v2/scheduler';
import { sweepUploads as sweep } from '../publish/recovery.js';

/**
 * Every 10 minutes: expire abandoned upload intents, re-drive uploads that made no progress and
 * remove development-build objects no build refers to.
 */
export const sweepUploads = onSchedule(
  { schedule: 'every 10 minutes', memory: '1GiB', timeoutSeconds: 540 },
  async () => {
    const result = await sweep();
    if (result.expired || result.recovered || result.orphansRemoved) logger.info('Swept uploads', result);
  },
);

import { logger } from 'firebase-functions';
import { onSchedule } from 'firebase-functions/v2/scheduler';
import { sweepUploads as sweep } from '../publish/recovery.js';

/** Every 10 minutes: expire abandoned upload intents and re-drive uploads that made no progress. */
export const sweepUploads = onSchedule(
  { schedule: 'every 10 minutes', memory: '1GiB', timeoutSeconds: 540 },
  async () => {
    const result = await sweep();
    if (result.expired || result.recovered) logger.info('Swept uploads', result);
  },
);

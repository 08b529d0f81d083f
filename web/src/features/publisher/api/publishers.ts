import type { setPublisherVerified } from '@mlebotics/shared';
import { call } from '../../../lib/functions';

/** Marks a publisher verified or not (marketplace administrators). */
export const setVerified = (publisherId: string, verified: boolean) =>
  call<typeof setPublisherVerified>('setPublisherVerified', { publisherId, verified });

import { triggerPatterns } from '@mlebotics/shared';
import { onDocumentWritten } from 'firebase-functions/v2/firestore';
import { syncPublisherProfile } from '../publishers/profile.js';

/** A publisher's public profile follows its document (see syncPublisherProfile). */
export const onPublisherWritten = onDocumentWritten({ document: triggerPatterns.publisher, retry: true }, (event) =>
  syncPublisherProfile(event.params.publisherId, event.data?.after),
);

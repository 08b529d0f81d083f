import { converters, triggerPatterns } from '@mlebotics/shared';
import { onDocumentWritten } from 'firebase-functions/v2/firestore';
import { readSnapshot } from '../lib/documents.js';
import { syncPublisherProfile } from '../publishers/profile.js';

/** A publisher's public profile follows its document (see syncPublisherProfile). */
export const onPublisherWritten = onDocumentWritten({ document: triggerPatterns.publisher, retry: true }, (event) =>
  syncPublisherProfile(event.params.publisherId, readSnapshot(converters.publisher, event.data?.after)),
);

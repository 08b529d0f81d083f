import { onDocumentWritten } from 'firebase-functions/v2/firestore';
import { syncPublisherProfile } from '../publishers/profile.js';

/** A publisher's public profile follows its document (see syncPublisherProfile). */
export const onPublisherWritten = onDocumentWritten({ document: 'publishers/{publisherId}', retry: true }, (event) =>
  syncPublisherProfile(event.params.publisherId, event.data?.after),
);

import {
  collections,
  type listModerationQueue,
  type listSigningKeys,
  type moderateReview,
  type revokeSigningKey,
  type rotateSigningKey,
  type setPublisherSuspended,
  type setPublisherVerified,
} from '@mlebotics/shared';
import { call } from '../../../lib/functions';
import type { QuerySpec } from '../../../lib/queries';

/** The flagged, hidden and removed reviews (review states are server-only: read through a callable). */
export const loadModerationQueue = () => call<typeof listModerationQueue>('listModerationQueue', {});

export const moderate = (input: { pluginId: string; reviewId: string; action: 'restore' | 'remove'; reason: string }) =>
  call<typeof moderateReview>('moderateReview', input);

export const setSuspended = (publisherId: string, suspended: boolean, reason: string) =>
  call<typeof setPublisherSuspended>('setPublisherSuspended', { publisherId, suspended, reason });

export const setVerified = (publisherId: string, verified: boolean, reason: string) =>
  call<typeof setPublisherVerified>('setPublisherVerified', { publisherId, verified, reason: reason || undefined });

export const loadSigningKeys = () => call<typeof listSigningKeys>('listSigningKeys', {});

export const rotateKey = (reason: string) => call<typeof rotateSigningKey>('rotateSigningKey', { reason });

export const revokeKey = (keyId: string, reason: string) =>
  call<typeof revokeSigningKey>('revokeSigningKey', { keyId, reason });

/** Publishers by display name (administrators read every publisher document). */
export const publishersQuery = (max: number): QuerySpec<'publisher'> => ({
  kind: 'publisher',
  collection: collections.publishers,
  filters: [],
  orderBy: [{ field: 'displayName', direction: 'asc' }],
  limit: max,
});

/** The administrators' audit log, newest first. */
export const auditQuery = (max: number): QuerySpec<'adminAuditEntry'> => ({
  kind: 'adminAuditEntry',
  collection: collections.adminAudit,
  filters: [],
  orderBy: [{ field: 'at', direction: 'desc' }],
  limit: max,
});

import type { decideReview, setBlocklisted, setRevocation } from '@mlebotics/shared';
import { call } from '../../../lib/functions';

/** Approve (list at once) or reject a quarantined version. */
export const decide = (input: { pluginId: string; version: string; decision: 'approve' | 'reject'; reason: string }) =>
  call<typeof decideReview>('decideReview', input);

/** The kill switch: a whole plugin (no version) or one version. */
export const revoke = (input: { pluginId: string; version?: string; revoked: boolean; reason: string }) =>
  call<typeof setRevocation>('setRevocation', input);

export const block = (input: { sha256: string; scope: 'package' | 'file'; blocked: boolean; reason: string }) =>
  call<typeof setBlocklisted>('setBlocklisted', input);

// What a review may be, without zod: the web's review pages import these, and importing the
// callable contracts (api/reviews.ts) would ship zod with them.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** Limits of a review, checked by the security rules and the forms alike. */
export const REVIEW_LIMITS = { titleMax: 120, bodyMax: 2000, replyMax: 2000 } as const;
/**
 * Flags from this many distinct organizations, each with the plugin really installed and none of
 * them the author's, hide a review until a marketplace administrator decides.
 */
export const FLAG_THRESHOLD = 3;

/**
 * The opaque public id of a user's review of a plugin: public documents never carry the uid.
 * (Anyone who already knows a uid can compute it; nobody can go from the id to the uid.)
 */
export function publicReviewId(pluginId: string, uid: string): string {
  return bytesToHex(sha256(utf8ToBytes(`review\u0000${pluginId}\u0000${uid}`))).slice(0, 24);
}

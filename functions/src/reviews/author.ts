import { auth } from '../lib/admin.js';

/** Shown instead of a name that is missing or that could pass for the marketplace's own voice. */
export const ANONYMOUS_REVIEWER = 'Marketplace user';
const MAX_NAME = 60;
/**
 * Words a reviewer's name may not carry (after folding look-alikes): they would make a review
 * read as the marketplace's, a moderator's or a verified party's.
 */
const IMPERSONATING = [
  'mlebotics',
  'marketplace',
  'verified',
  'official',
  'moderator',
  'admin',
  'staff',
  'support',
  'team',
];

/** Folds case, compatibility forms, accents and common digit look-alikes, and drops the rest. */
function folded(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[0]/g, 'o')
    .replace(/[1|!]/g, 'l')
    .replace(/[3]/g, 'e')
    .replace(/[5$]/g, 's')
    .replace(/[^a-z]/g, '');
}

/** The name a review is shown with: the author's account display name, unless it impersonates. */
export function safeReviewerName(displayName: string | undefined | null): string {
  // eslint-disable-next-line no-control-regex
  const name = (displayName ?? '').replace(/[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  if (!name) return ANONYMOUS_REVIEWER;
  const key = folded(name);
  if (IMPERSONATING.some((word) => key.includes(word))) return ANONYMOUS_REVIEWER;
  return name.length > MAX_NAME ? `${name.slice(0, MAX_NAME)}…` : name;
}

/** The author's shown name, read from their account (never from the review document). */
export async function reviewAuthorName(uid: string): Promise<string> {
  try {
    return safeReviewerName((await auth().getUser(uid)).displayName);
  } catch {
    return ANONYMOUS_REVIEWER;
  }
}

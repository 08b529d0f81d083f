/**
 * Who may see a listing, written once. The server paths call these functions; the security
 * rules (`canSeeListing` in firestore.rules, the registry rule in storage.rules) mirror
 * `viewerCanSeeListing`, and rules/tests/visibility.rules.int.test.ts runs the same viewer ×
 * listing matrix against this function and the rules and requires the same answers.
 */

/** The fields of a listing that decide who sees it. */
export interface ListingAudience {
  visibility?: unknown;
  privateOrgId?: unknown;
  publisherId?: unknown;
}

/** A signed-in viewer: the organizations and publishers they belong to, and the admin claim. */
export interface Viewer {
  isAdmin: boolean;
  orgIds: ReadonlySet<string>;
  publisherIds: ReadonlySet<string>;
}

/**
 * Whether a signed-in viewer may see a listing (its page, versions, README, manifest and
 * artifact): public listings; a private listing by members of its organization, members of its
 * publisher (who made it) and marketplace administrators.
 */
export function viewerCanSeeListing(viewer: Viewer, listing: ListingAudience | undefined): boolean {
  if (!listing) return false;
  if (listing.visibility === 'public') return true;
  if (viewer.isAdmin) return true;
  if (typeof listing.publisherId === 'string' && viewer.publisherIds.has(listing.publisherId)) return true;
  return (
    listing.visibility === 'private' &&
    typeof listing.privateOrgId === 'string' &&
    viewer.orgIds.has(listing.privateOrgId)
  );
}

/**
 * Whether an organization may use a listing (install, buy, run): public listings, and a
 * private one only by the organization it is private to — never by another organization, even
 * one whose member publishes it.
 */
export function orgCanUseListing(listing: ListingAudience | undefined, orgId: string): boolean {
  if (!listing) return false;
  return listing.visibility === 'public' || (listing.visibility === 'private' && listing.privateOrgId === orgId);
}

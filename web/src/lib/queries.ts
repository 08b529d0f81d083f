import {
  CAPABILITY_TYPE_NAMES,
  CATEGORIES,
  PERMISSION_FLAGS,
  collections,
  type converters,
  paths,
  queryToken,
  type CapabilityType,
  type Category,
  type PermissionFlag,
} from '@mlebotics/shared';

/**
 * Every Firestore query the web app issues, declared as data. Components build them through
 * `toQuery` (lib/firestore.ts); `queries.test.ts` proves each shape has its composite index in
 * firestore.indexes.json (the emulator does not enforce indexes, production does).
 */
export type FilterOp = '==' | 'array-contains';

/** The kinds of document the app reads (each with its converter in `converters`). */
export type DocKind = keyof typeof converters;

export interface QuerySpec<K extends DocKind = DocKind> {
  /** What the documents are: their rows are parsed with `converters[kind]`. */
  kind: K;
  collection: string;
  filters: Array<{ field: string; op: FilterOp; value: unknown }>;
  orderBy: Array<{ field: string; direction: 'asc' | 'desc' }>;
  limit?: number;
}

export const SORTS = {
  relevance: { field: 'score', label: 'Relevance' },
  rating: { field: 'rating.average', label: 'Rating' },
  installs: { field: 'installCount', label: 'Installs' },
  updated: { field: 'updatedAt', label: 'Recently updated' },
} as const;
export type SortKey = keyof typeof SORTS;

export const MIN_RATINGS = [1, 2, 3, 4] as const;
export type MinRating = (typeof MIN_RATINGS)[number];

export interface DiscoveryFilters {
  q?: string;
  category?: Category;
  capability?: CapabilityType;
  minRating?: MinRating;
  publisher?: string;
  price?: 'free' | 'paid';
  /** A permission the plugin asks for (`sensors_read`), or `none` for plugins that ask for none. */
  permission?: PermissionFlag;
  sort: SortKey;
}

export const PAGE_SIZE = 24;

/**
 * The discovery query: public listings, at most one `array-contains` (search), every other filter
 * an equality on a scalar or flag field, ordered by the chosen sort. Firestore serves it by
 * merging the (filter, sort) composite indexes.
 */
export function discoveryQuery(filters: DiscoveryFilters, pages = 1): QuerySpec<'plugin'> {
  const where: QuerySpec['filters'] = [
    { field: 'visibility', op: '==', value: 'public' },
    // Revoked plugins and those of suspended publishers stay readable by link, out of discovery.
    { field: 'discoverable', op: '==', value: true },
  ];
  const token = filters.q ? queryToken(filters.q) : undefined;
  if (token) where.push({ field: 'searchTokens', op: 'array-contains', value: token });
  if (filters.category) where.push({ field: `categoryFlags.${filters.category}`, op: '==', value: true });
  if (filters.capability) where.push({ field: `capabilityFlags.${filters.capability}`, op: '==', value: true });
  if (filters.minRating) where.push({ field: `ratingAtLeast.${filters.minRating}`, op: '==', value: true });
  if (filters.publisher) where.push({ field: 'publisherId', op: '==', value: filters.publisher });
  if (filters.price) where.push({ field: 'priceClass', op: '==', value: filters.price });
  if (filters.permission) where.push({ field: `permissionFlags.${filters.permission}`, op: '==', value: true });
  return {
    kind: 'plugin',
    collection: collections.plugins,
    filters: where,
    orderBy: [{ field: SORTS[filters.sort].field, direction: 'desc' }],
    limit: PAGE_SIZE * pages,
  };
}

export const queries = {
  discovery: discoveryQuery,
  /** A plugin's versions, newest first. */
  versions: (pluginId: string): QuerySpec<'version'> => ({
    kind: 'version',
    collection: paths.versions(pluginId),
    filters: [],
    orderBy: [{ field: 'publishedAt', direction: 'desc' }],
  }),
  /** What an organization installed. */
  installs: (orgId: string): QuerySpec<'install'> => ({
    kind: 'install',
    collection: paths.installs(orgId),
    filters: [],
    orderBy: [],
  }),
  /** The organization's development builds (one per plugin; its members only). */
  devBuilds: (orgId: string): QuerySpec<'devBuild'> => ({
    kind: 'devBuild',
    collection: paths.devBuilds(orgId),
    filters: [],
    orderBy: [],
  }),
  /** The published signing keys. */
  signingKeys: (): QuerySpec<'signingKey'> => ({
    kind: 'signingKey',
    collection: collections.signingKeys,
    filters: [],
    orderBy: [],
  }),
  /** A developer's recent uploads. */
  myUploads: (uid: string): QuerySpec<'upload'> => ({
    kind: 'upload',
    collection: collections.uploads,
    filters: [{ field: 'uid', op: '==', value: uid }],
    orderBy: [{ field: 'createdAt', direction: 'desc' }],
    limit: 20,
  }),
  /** A publisher's public listings (the publisher page). */
  publisherPlugins: (publisherId: string): QuerySpec<'plugin'> => ({
    kind: 'plugin',
    collection: collections.plugins,
    filters: [
      { field: 'visibility', op: '==', value: 'public' },
      { field: 'publisherId', op: '==', value: publisherId },
    ],
    orderBy: [{ field: 'updatedAt', direction: 'desc' }],
    limit: 100,
  }),
  /** All of a publisher's listings, private ones included (its members' "My plugins"). */
  ownPlugins: (publisherId: string): QuerySpec<'plugin'> => ({
    kind: 'plugin',
    collection: collections.plugins,
    filters: [{ field: 'publisherId', op: '==', value: publisherId }],
    orderBy: [{ field: 'updatedAt', direction: 'desc' }],
    limit: 200,
  }),
  /** A plugin's published reviews (their public copies), newest or most helpful first. */
  reviews: (pluginId: string, sort: 'newest' | 'helpful'): QuerySpec<'publicReview'> => ({
    kind: 'publicReview',
    collection: paths.publicReviews(pluginId),
    filters: [],
    orderBy: [{ field: sort === 'newest' ? 'createdAt' : 'helpfulCount', direction: 'desc' }],
    limit: 50,
  }),
  /** Reviews hidden by flags (their server state), for marketplace administrators. */
  hiddenReviews: (pluginId: string): QuerySpec<'reviewState'> => ({
    kind: 'reviewState',
    collection: paths.reviewStates(pluginId),
    filters: [{ field: 'status', op: '==', value: 'hidden' }],
    orderBy: [{ field: 'updatedAt', direction: 'desc' }],
    limit: 50,
  }),
  /** Invitations an organization sent that wait for an answer (its managers). */
  orgInvitations: (orgId: string): QuerySpec<'invitation'> => ({
    kind: 'invitation',
    collection: collections.invitations,
    filters: [
      { field: 'kind', op: '==', value: 'org' },
      { field: 'targetId', op: '==', value: orgId },
      { field: 'status', op: '==', value: 'pending' },
    ],
    orderBy: [],
    limit: 50,
  }),
  /** Invitations to the signed-in user's email address that wait for an answer. */
  myInvitations: (email: string): QuerySpec<'invitation'> => ({
    kind: 'invitation',
    collection: collections.invitations,
    filters: [
      { field: 'email', op: '==', value: email.toLowerCase() },
      { field: 'status', op: '==', value: 'pending' },
    ],
    orderBy: [],
    limit: 50,
  }),
  /** Install requests waiting for an organization's owners and admins. */
  pendingInstallRequests: (orgId: string): QuerySpec<'installRequest'> => ({
    kind: 'installRequest',
    collection: paths.installRequests(orgId),
    filters: [{ field: 'status', op: '==', value: 'pending' }],
    orderBy: [],
    limit: 100,
  }),
  /** The latest runs of one installed plugin (its run history in the console). */
  pluginRuns: (orgId: string, pluginId: string): QuerySpec<'run'> => ({
    kind: 'run',
    collection: paths.runs(orgId),
    filters: [{ field: 'pluginId', op: '==', value: pluginId }],
    orderBy: [{ field: 'at', direction: 'desc' }],
    limit: 20,
  }),
  /** The organization's sensors and their latest readings. */
  sensors: (orgId: string): QuerySpec<'sensor'> => ({
    kind: 'sensor',
    collection: paths.sensors(orgId),
    filters: [],
    orderBy: [],
    limit: 200,
  }),
  /** The latest commands queued for the organization's actuators. */
  actuatorCommands: (orgId: string): QuerySpec<'actuatorCommand'> => ({
    kind: 'actuatorCommand',
    collection: paths.actuatorCommands(orgId),
    filters: [],
    orderBy: [{ field: 'at', direction: 'desc' }],
    limit: 100,
  }),
  /** The scans of a publisher's signed versions, with their reviews (My plugins). */
  publisherScanReports: (publisherId: string): QuerySpec<'scanReport'> => ({
    kind: 'scanReport',
    collection: collections.scanReports,
    filters: [{ field: 'publisherId', op: '==', value: publisherId }],
    orderBy: [{ field: 'queuedAt', direction: 'desc' }],
    limit: 100,
  }),
  /** Quarantined versions waiting for an administrator, longest waiting first. */
  reviewQueue: (): QuerySpec<'scanReport'> => ({
    kind: 'scanReport',
    collection: collections.scanReports,
    filters: [{ field: 'review', op: '==', value: 'pending' }],
    orderBy: [{ field: 'queuedAt', direction: 'asc' }],
    limit: 100,
  }),
  /** Blocked package and file digests, newest first (administrators). */
  blocklist: (): QuerySpec<'blocklistEntry'> => ({
    kind: 'blocklistEntry',
    collection: collections.blocklist,
    filters: [],
    orderBy: [{ field: 'at', direction: 'desc' }],
    limit: 500,
  }),
  /** Listings private to an organization (its internal registry). */
  orgPrivatePlugins: (orgId: string): QuerySpec<'plugin'> => ({
    kind: 'plugin',
    collection: collections.plugins,
    filters: [
      { field: 'visibility', op: '==', value: 'private' },
      { field: 'privateOrgId', op: '==', value: orgId },
    ],
    orderBy: [{ field: 'updatedAt', direction: 'desc' }],
    limit: 200,
  }),
};

/**
 * Every shape the app can issue: each discovery filter alone and all together, under each sort,
 * plus the other queries. Used by the index test.
 */
export function allQueryShapes(): QuerySpec[] {
  const shapes: QuerySpec[] = [];
  for (const sort of Object.keys(SORTS) as SortKey[]) {
    const variants: Array<Partial<DiscoveryFilters>> = [
      {},
      { q: 'temperature' },
      ...CATEGORIES.map((category) => ({ category })),
      ...CAPABILITY_TYPE_NAMES.map((capability) => ({ capability })),
      ...MIN_RATINGS.map((minRating) => ({ minRating })),
      { publisher: 'botworks' },
      { price: 'free' as const },
      { price: 'paid' as const },
      ...PERMISSION_FLAGS.map((permission) => ({ permission })),
      {
        q: 'arm',
        category: 'actuators',
        capability: 'automation-step',
        minRating: 4,
        publisher: 'botworks',
        price: 'paid',
        permission: 'sensors_read' as const,
      },
    ];
    for (const variant of variants) shapes.push(discoveryQuery({ ...variant, sort }));
  }
  shapes.push(
    queries.versions('acme.x'),
    queries.installs('acme'),
    queries.signingKeys(),
    queries.myUploads('uid'),
    queries.publisherPlugins('acme'),
    queries.ownPlugins('acme'),
    queries.orgPrivatePlugins('acme'),
    queries.reviews('acme.x', 'newest'),
    queries.reviews('acme.x', 'helpful'),
    queries.hiddenReviews('acme.x'),
    queries.pendingInstallRequests('acme'),
    queries.pluginRuns('acme', 'acme.x'),
    queries.sensors('acme'),
    queries.actuatorCommands('acme'),
    queries.publisherScanReports('acme'),
    queries.reviewQueue(),
    queries.blocklist(),
  );
  return shapes;
}
